// stepguide search: Korean-aware search over the static index `search-index.js`, in the browser.
//
// Plain ES2017 in one file, no build step, no fetch(): it works from file://. The build writes
// the index with src/search/; the tokenizer here matches src/search/tokenize.rs character for
// character (tests/search_tokenizer.tsv runs through both). tests/testsuite/search.rs runs this script in
// node on a built site's index, with tests/search_relevance.tsv.
//
// Markup a page needs (data-root is the relative path from the page to the site root: "" on
// the home page, "../../" on guides/<id>/index.html; the data-say-* attributes, which
// templates/partials/search.html fills from the interface strings, are what the status line
// says in the page's language):
//
//   <div id="search" class="search" data-root="../../">
//     <p class="search-fallback">아래 목록에서 필요한 안내를 고르세요.</p>   (optional)
//     <form role="search" class="search-form" action="" hidden>
//       <label for="search-input">안내 검색</label>
//       <input id="search-input" type="search" name="q" autocomplete="off"
//              spellcheck="false" enterkeyhint="search" placeholder="예: 보안카드, OTP, 약관">
//       <button type="submit">찾기</button>
//     </form>
//     <p class="search-status" role="status" aria-live="polite"></p>            (optional)
//     <ol class="search-results" aria-label="검색 결과"></ol>                   (optional)
//   </div>
//   <script src="../../assets/search.js" defer></script>
//
// The index is a set of scripts (layout in src/search/files.rs): the manifest
// <root>search-index.js, loaded with a <script> tag the first time the reader focuses the field
// (or when the address has ?q=), then the postings shards of the query's tokens (a long list
// only in part: its best postings first, more only while they could change the results) and
// the document files of the results, each loaded once, on demand. So a query on a
// 10,000-guide site loads under 300 kilobytes, not the whole index, and pages that are only
// read load nothing. A page may load the manifest up front instead, before this script:
//   <script src="../../search-index.js" defer></script>
//
// Without JavaScript the form stays hidden and the fallback text shows, so no control is
// offered that cannot work. With it, this script shows the form, hides the fallback, and
// creates the status line and the result list if the page lacks them. If the index cannot be
// loaded, the status line says so. The count is announced from the status line (aria-live);
// the list itself is not live, because a screen reader would read every result again at each
// keystroke.
//
// Keyboard: type to search; Enter (or the button) moves focus to the first result; ↓/↑ move
// between the input and the results; Esc goes back to the input. A ?q= in the address runs
// that search on load, so a search survives Back and can be shared.
//
// Each result is one link (a large touch target) that holds three lines; style them, e.g.:
//   .search-results { list-style: none; padding: 0; }
//   .search-result a { display: block; padding: .75rem; min-height: 44px; }
//   .search-result-title, .search-result-meta, .search-result-snippet { display: block; }
//   .search-result-meta { color: var(--muted); font-size: .9rem; }
//   .search-results mark { background: var(--caution-bg); color: inherit; }
(function () {
  "use strict";

  // The layout version of src/search/files.rs.
  var INDEX_VERSION = 3;
  // BM25 term-frequency saturation.
  var K1 = 1.2;
  // BM25 length normalisation, below the usual 0.75: the documents are all short, and a
  // one-line checklist item should not beat the step it repeats only for being shorter.
  var B = 0.5;
  // Factors for a document whose title, or else its text, contains the whole query.
  var TITLE_PHRASE_BONUS = 2.0;
  var PHRASE_BONUS = 1.5;
  // The results are the best of this many times as many documents, by their best possible
  // score (see run).
  var POOL = 3;
  // Chunks of a long postings list a query of several tokens reads (see run).
  var DEPTH = 2;
  // A snippet: characters of context before the first match, and its length (about three
  // lines on a phone).
  var BEFORE = 20;
  var WINDOW = 70;
  var SHOWN = 10;

  // ---- Tokenizer (src/search/tokenize.rs) ----

  var BIGRAM = 1;
  var WORD = 2;
  var SEPARATOR = 0;

  function charClass(cp) {
    if (
      (cp >= 0x1100 && cp <= 0x11ff) ||
      (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x3130 && cp <= 0x318f) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xa960 && cp <= 0xa97f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xd7b0 && cp <= 0xd7ff) ||
      (cp >= 0xf900 && cp <= 0xfaff)
    ) {
      return BIGRAM;
    }
    if (
      (cp >= 0x30 && cp <= 0x39) ||
      (cp >= 0x41 && cp <= 0x5a) ||
      (cp >= 0x61 && cp <= 0x7a) ||
      (cp >= 0xc0 && cp <= 0xd6) ||
      (cp >= 0xd8 && cp <= 0xf6) ||
      (cp >= 0xf8 && cp <= 0x24f) ||
      (cp >= 0x300 && cp <= 0x36f) ||
      (cp >= 0x370 && cp <= 0x3ff) ||
      (cp >= 0x400 && cp <= 0x4ff) ||
      (cp >= 0x1e00 && cp <= 0x1eff)
    ) {
      return WORD;
    }
    return SEPARATOR;
  }

  function classOf(ch) {
    return charClass(ch.codePointAt(0));
  }

  function isAsciiDigit(ch) {
    return ch !== undefined && ch >= "0" && ch <= "9" && ch.length === 1;
  }

  // Folded text as [{ch, origin}]: NFC, full-width ASCII to ASCII, lowercase character by
  // character, a thousands comma inside a number dropped. origin is the index of the
  // character (code point) of the NFC text it came from.
  function fold(text) {
    var source = Array.from(String(text).normalize("NFC"));
    var chars = [];
    for (var origin = 0; origin < source.length; origin++) {
      var c = source[origin];
      var cp = c.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) c = String.fromCodePoint(cp - 0xfee0);
      var lower = Array.from(c.toLowerCase());
      for (var k = 0; k < lower.length; k++) chars.push({ ch: lower[k], origin: origin });
    }
    var out = [];
    var digitAt = function (i) {
      return i < chars.length && isAsciiDigit(chars[i].ch);
    };
    for (var i = 0; i < chars.length; i++) {
      var prev = out.length ? out[out.length - 1].ch : undefined;
      var thousands =
        chars[i].ch === "," &&
        isAsciiDigit(prev) &&
        digitAt(i + 1) &&
        digitAt(i + 2) &&
        digitAt(i + 3) &&
        !digitAt(i + 4);
      if (!thousands) out.push(chars[i]);
    }
    return out;
  }

  function foldChars(text) {
    return fold(text).map(function (f) {
      return f.ch;
    });
  }

  // An English plural folded to its singular, as src/search/tokenize.rs does: words of
  // ASCII letters longer than three; -ss, -us and -is keep their s.
  function singular(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    if (word.length > 4 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/(sses|ches|shes|xes)$/.test(word)) return word.slice(0, -2);
    if (/s$/.test(word) && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function tokenize(text) {
    var chars = foldChars(text);
    var tokens = [];
    var start = 0;
    while (start < chars.length) {
      var kind = classOf(chars[start]);
      var end = start + 1;
      while (end < chars.length && classOf(chars[end]) === kind) end++;
      var run = chars.slice(start, end);
      if (kind === WORD) {
        tokens.push(singular(run.join("")));
      } else if (kind === BIGRAM && run.length === 1) {
        tokens.push(run[0]);
      } else if (kind === BIGRAM) {
        for (var i = 0; i + 1 < run.length; i++) tokens.push(run[i] + run[i + 1]);
      }
      start = end;
    }
    return tokens;
  }

  function compact(text) {
    return foldChars(text)
      .filter(function (c) {
        return classOf(c) !== SEPARATOR;
      })
      .join("");
  }

  // ---- Query and ranking ----
  //
  // The query first goes through the terminology list (rewrite): 공인인증서 is searched as
  // 공동인증서, OPT as OTP. Then score = coverage² × BM25 × phrase bonus × kind weight, where
  // coverage is the fraction of the query's tokens the document has. Squaring it puts a
  // document with every bigram of the query (인증서를) above one with a single common bigram
  // repeated many times, while a typo that spoils one bigram of three still finds the word.
  // The phrase bonus goes to a document that has every token of the query and contains the
  // whole query (separators ignored), so the exact words win among near misses; only such a
  // document needs its text looked at, which lets the page load only the documents it may
  // show. The kind weight favours steps, which is what a reader is after, then facts and the
  // answers to the questions customers ask. Scores are rounded to 6 decimals, so that scores
  // equal but for floating-point noise tie and go in page order.
  //
  // A single Hangul character matches every bigram that holds it (앱 finds 앱을); a Latin
  // token of two or more letters matches the words it begins (ot finds otp), and one of three
  // or more that matches nothing stands for the words one edit away (opt finds otp): bigrams
  // give Hangul typo tolerance, but not Latin.

  function queryTokens(query) {
    var tokens = [];
    tokenize(query).forEach(function (t) {
      if (tokens.indexOf(t) < 0) tokens.push(t);
    });
    return tokens;
  }

  function isPrefixToken(token) {
    var chars = Array.from(token);
    return chars.length >= 2 && classOf(chars[0]) === WORD && !isAsciiDigit(chars[0]);
  }

  function startsWith(text, prefix) {
    return text.slice(0, prefix.length) === prefix;
  }

  // True when b is a with one character inserted, deleted or replaced, or two neighbours
  // swapped. a is an array of characters.
  function oneEditApart(a, bText) {
    var b = Array.from(bText);
    var short = a.length <= b.length ? a : b;
    var long = a.length <= b.length ? b : a;
    if (long.length - short.length > 1) return false;
    var same = 0;
    while (same < short.length && short[same] === long[same]) same++;
    var s = short.slice(same);
    var l = long.slice(same);
    if (s.length < l.length) return s.join("") === l.slice(1).join("");
    if (s.length === 0) return false;
    if (s.slice(1).join("") === l.slice(1).join("")) return true;
    return s.length >= 2 && s[0] === l[1] && s[1] === l[0] && s.slice(2).join("") === l.slice(2).join("");
  }

  function select(index, keep) {
    var found = [];
    for (var i = 0; i < index.terms.length; i++) {
      if (keep(index.terms[i])) found.push({ term: index.terms[i], at: i });
    }
    return found;
  }

  // ---- The index's shards (src/search/files.rs, src/search/postings.rs) ----

  // Per index: the position of each term, the decoded postings and the compact form of
  // documents' titles and texts, worked out once instead of at every keystroke.
  var caches = new WeakMap();
  function cacheFor(index) {
    var cache = caches.get(index);
    if (!cache) {
      var positions = new Map();
      index.terms.forEach(function (term, i) {
        positions.set(term, i);
      });
      cache = { positions: positions, postings: new Map(), compact: new Map() };
      caches.set(index, cache);
    }
    return cache;
  }

  // Numbers are base 45, least significant digit first: the 45 characters from "#" (skipping
  // the backslash) end a number, the next 45 continue it.
  function digitValue(code) {
    return code - 0x23 - (code > 0x5c ? 1 : 0);
  }

  // A document's number: guide × 2^20 + its number in the guide, so numbers go in page order.
  var GUIDE_DOCS = 1048576;

  // Appends the postings of `text` to `list` as doc, frequency × 4 + where, norm.
  function decodeInto(text, list) {
    var guide = 0;
    var local = 0;
    var tf = 0;
    var field = 0;
    var value = 0;
    var scale = 1;
    for (var i = 0; i < text.length; i++) {
      var d = digitValue(text.charCodeAt(i));
      if (d >= 45) {
        value += (d - 45) * scale;
        scale *= 45;
        continue;
      }
      value += d * scale;
      scale = 1;
      if (field === 0) guide += value;
      else if (field === 1) local = value;
      else if (field === 2) tf = value;
      else list.push(guide * GUIDE_DOCS + local, tf, value);
      field = (field + 1) % 4;
      value = 0;
    }
  }

  function need(missing, file) {
    if (missing) missing.add(file);
    return null;
  }

  // The postings of term number `at` loaded so far: {list, df, bounds, loaded}, with list
  // as [doc, frequency × 4 + where, norm, ...]; null while its shard is not loaded. A long
  // list comes in chunks, best postings first: bounds[k - 1] is [what chunk k and later can
  // add to a score, and chunk k's first posting: frequency, norm, guide, document], and
  // `loaded` chunks are in.
  function postingsOf(index, at, missing) {
    var cache = cacheFor(index);
    var term = cache.postings.get(at);
    if (!term) {
      var shards = index.shards;
      var lo = 0;
      var hi = shards.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (shards[mid] <= at) lo = mid;
        else hi = mid - 1;
      }
      var shard = index.p[lo];
      if (!shard) return need(missing, "search/p" + lo + ".js");
      var entry = shard[at - shards[lo]];
      term = { list: [], df: 0, bounds: [], loaded: 1, ends: [] };
      if (typeof entry === "string") {
        decodeInto(entry, term.list);
        term.df = term.list.length / 3;
      } else if (entry) {
        term.df = entry[0];
        term.bounds = entry[1];
        decodeInto(entry[2], term.list);
      }
      term.ends.push(term.list.length);
      cache.postings.set(at, term);
    }
    for (var chunk; term.loaded <= term.bounds.length; term.loaded++) {
      chunk = index.c[at + "-" + term.loaded];
      if (typeof chunk !== "string") break;
      decodeInto(chunk, term.list);
      term.ends.push(term.list.length);
    }
    return term;
  }

  // What the postings of a term not loaded yet, among its first `depth` chunks, can add to
  // a score (times idf); 0 when all those are in.
  function rest(term, depth) {
    return term.loaded < depth && term.loaded <= term.bounds.length ? term.bounds[term.loaded - 1][0] : 0;
  }

  // Document number `doc` with its guide, or null while its file is not loaded.
  function docAt(index, doc, missing) {
    var guide = Math.floor(doc / GUIDE_DOCS);
    var local = doc - guide * GUIDE_DOCS;
    var part = Math.floor(local / index.docFile);
    var entry = index.d[guide + "-" + part];
    if (!entry) return need(missing, "search/d" + guide + "-" + part + ".js");
    var fields = entry[2][local - part * index.docFile];
    var kind = fields[0];
    return {
      guideId: entry[0],
      guideTitle: entry[1],
      kind: kind,
      section: fields[1],
      href: "guides/" + entry[0] + (kind === "c" ? "/checklist" : "") + "/index.html" + (fields[2] ? "#" + fields[2] : ""),
      title: fields[3],
      text: fields[4],
    };
  }

  function compactField(index, doc, field, entry) {
    var store = cacheFor(index).compact;
    var key = doc * 2 + (field === "title" ? 0 : 1);
    var value = store.get(key);
    if (value === undefined) {
      value = compact(entry[field]);
      store.set(key, value);
    }
    return value;
  }

  // ---- Query and ranking ----

  function expand(index, token) {
    var chars = Array.from(token);
    var single = chars.length === 1 && classOf(chars[0]) === BIGRAM ? chars[0] : null;
    var prefix = isPrefixToken(token);
    if (single === null && !prefix) {
      var at = cacheFor(index).positions.get(token);
      return at === undefined ? [] : [{ term: token, at: at }];
    }
    var found = select(index, function (term) {
      if (single !== null) {
        return term === token || (Array.from(term).length === 2 && term.indexOf(single) >= 0);
      }
      return prefix ? startsWith(term, token) : term === token;
    });
    if (found.length || !prefix || chars.length < 3) return found;
    return select(index, function (term) {
      return isPrefixToken(term) && oneEditApart(chars, term);
    });
  }

  function containsChars(haystack, needle) {
    if (!needle.length) return false;
    for (var i = 0; i + needle.length <= haystack.length; i++) {
      var k = 0;
      while (k < needle.length && haystack[i + k] === needle[k]) k++;
      if (k === needle.length) return true;
    }
    return false;
  }

  // The query as searched, with terminology variants replaced by their preferred terms
  // (공인인증서 → 공동인증서); also which replacements were made, for the status line.
  function rewrite(index, query) {
    var chars = foldChars(query);
    var applied = [];
    var isWord = function (c) {
      return c !== undefined && classOf(c) === WORD;
    };
    (index.synonyms || []).forEach(function (pair) {
      var from = foldChars(pair[0]);
      var to = foldChars(pair[1]);
      if (!from.length || containsChars(chars, to)) return;
      var headWord = isWord(from[0]);
      var tailWord = isWord(from[from.length - 1]);
      var out = [];
      var i = 0;
      var changed = false;
      while (i < chars.length) {
        var end = i + from.length;
        var found = end <= chars.length;
        for (var k = 0; found && k < from.length; k++) found = chars[i + k] === from[k];
        found = found && !(headWord && i > 0 && isWord(chars[i - 1])) && !(tailWord && isWord(chars[end]));
        if (found) {
          Array.prototype.push.apply(out, to);
          i = end;
          changed = true;
        } else {
          out.push(chars[i]);
          i += 1;
        }
      }
      if (changed) applied.push(pair);
      chars = out;
    });
    return { query: chars.join(""), applied: applied };
  }

  // A document's length and its kind's weight class (1.5 for steps, 1.25 for facts and
  // answers, 0.8 for checklist items, rows and the sequence, 1 for the rest) come with each
  // posting as its norm, length × 4 + class (src/search/postings.rs).
  var CLASS_WEIGHTS = [1.5, 1.25, 0.8, 1.0];

  // True when hit a ranks before hit b: higher score, then page order.
  function before(a, b) {
    return a.score > b.score || (a.score === b.score && a.doc < b.doc);
  }

  function rounded(score) {
    return Math.round(score * 1e6) / 1e6;
  }

  // The best `limit` matches (all when limit is missing), best first: [{doc, score, guideId,
  // guideTitle, section, href, titleHtml, snippetHtml}], with `total`, the number of all
  // matches (at least that many, and `more` set, while long postings lists are partly
  // loaded). Documents are scored in order of their best possible score and the walk stops
  // once no later one can enter the top `limit`: a document's phrase bonus needs its text,
  // so only the files of documents that may have the bonus are needed; and a document seen
  // in part of a long list, or not seen at all, is bounded by what the rest of the list can
  // add, so further chunks are needed only while such a document could still enter. With
  // `missing` (a Set), the files the search needs and lacks are added to it, and what is
  // missing counts as the best case.
  function run(index, rawQuery, limit, missing) {
    var hits = [];
    hits.total = 0;
    var query = rewrite(index, rawQuery).query;
    var tokens = queryTokens(query);
    if (!tokens.length) return hits;
    var lists = tokens.map(function (token) {
      return expand(index, token).map(function (entry) {
        return { term: entry.term, at: entry.at, postings: postingsOf(index, entry.at, missing) };
      });
    });
    var complete = lists.every(function (entries) {
      return entries.every(function (entry) {
        return entry.postings;
      });
    });
    var n = index.docs;
    if (!complete || !n) return hits;
    // A query of one token is ranked on whole lists; one of more on the first DEPTH chunks of
    // long lists, the postings that give the most: the best documents of a query of common
    // words can tie in their thousands, and proving that none beyond ties better would load
    // whole lists.
    var depth = tokens.length === 1 ? Infinity : DEPTH;
    var avgLen = index.length > 0 ? index.length / n : 1.0;

    // Per token: idf (from the largest df of its terms, as Lucene scores a synonym group),
    // what its terms' unloaded postings can add, and how many terms are partly loaded.
    var idfs = [];
    var open = [];
    var bounds = [];
    // Each document seen gets a slot: its norm, and per token its frequency, where the token
    // is (title 2, text 1) and in how many partly loaded lists it was seen.
    var slots = new Map();
    var norms = [];
    var tfs = [];
    var places = [];
    var seens = [];
    var marks = tokens.slice();
    var width = tokens.length;
    tokens.forEach(function (token, t) {
      var df = 0;
      lists[t].forEach(function (entry) {
        df = Math.max(df, entry.postings.df);
      });
      var idf = Math.log(1.0 + (n - df + 0.5) / (df + 0.5));
      idfs.push(idf);
      open.push(0);
      bounds.push(0);
      lists[t].forEach(function (entry) {
        if (!startsWith(entry.term, token) && marks.indexOf(entry.term) < 0) marks.push(entry.term);
        var partial = rest(entry.postings, depth) > 0;
        if (partial) {
          open[t] += 1;
          bounds[t] += idf * rest(entry.postings, depth);
        }
        var list = entry.postings.list;
        var end = entry.postings.ends[Math.min(depth, entry.postings.loaded) - 1];
        for (var i = 0; i + 2 < end; i += 3) {
          var slot = slots.get(list[i]);
          if (slot === undefined) {
            slot = norms.length;
            slots.set(list[i], slot);
            norms.push(list[i + 2]);
            for (var w = 0; w < width; w++) {
              tfs.push(0);
              places.push(0);
              seens.push(0);
            }
          }
          var cell = slot * width + t;
          tfs[cell] += list[i + 1] >> 2;
          places[cell] |= list[i + 1] & 3;
          if (partial) seens[cell] += 1;
        }
      });
    });
    var unfinished = open.some(function (count) {
      return count > 0;
    });
    // A Latin or digit token can match inside a word of the text, so only Hangul and Han
    // tokens tell from the postings where the whole query can be.
    var placed = tokens.every(function (token) {
      return classOf(Array.from(token)[0]) === BIGRAM;
    });

    var phrase = compact(query);
    // Only the best POOL × limit by best possible score are ranked by their phrase bonus, so
    // that a query whose words are never side by side does not need every text to prove it.
    // They are kept in order as the documents are scored: most go no further than a look at
    // the last of them.
    var size = limit === undefined ? Infinity : POOL * limit;
    var pool = [];
    var offer = function (doc, best, make) {
      var last = pool.length >= size ? pool[pool.length - 1] : null;
      if (last && (best < last.best || (best === last.best && doc > last.doc))) return;
      pool.push(make());
      if (size === Infinity) return;
      for (var at = pool.length - 1; at > 0 && (pool[at].best > pool[at - 1].best || (pool[at].best === pool[at - 1].best && pool[at].doc < pool[at - 1].doc)); at--) {
        var swap = pool[at];
        pool[at] = pool[at - 1];
        pool[at - 1] = swap;
      }
      if (pool.length > size) pool.pop();
    };
    slots.forEach(function (slot, doc) {
      var matched = 0;
      var bm25 = 0.0;
      var extra = 0.0;
      var unknown = 0;
      var place = 3;
      var norm = K1 * (1.0 - B + (B * Math.floor(norms[slot] / 4)) / avgLen);
      var weight = CLASS_WEIGHTS[norms[slot] % 4];
      for (var t = 0; t < width; t++) {
        var cell = slot * width + t;
        var count = tfs[cell];
        if (count > 0) {
          matched += 1;
          bm25 += (idfs[t] * count * (K1 + 1.0)) / (count + norm);
        }
        if (seens[cell] < open[t]) {
          extra += bounds[t];
          if (!count) unknown += 1;
        }
        place &= places[cell];
      }
      if (extra > 0) {
        // Not known yet: bounded by what the rest of its lists can add.
        var most = (matched + unknown) / width;
        var bound = most * most * (bm25 * weight + extra) * TITLE_PHRASE_BONUS * (1 + 1e-9);
        offer(doc, bound, function () {
          return { doc: doc, best: bound, known: false };
        });
        return;
      }
      var coverage = matched / width;
      var base = coverage * coverage * bm25;
      // Only a document with every token of the query can have the phrase bonus; for the
      // others the score is final, for it this is the upper bound.
      var phrased = phrase !== "" && matched === width;
      var bonus = !phrased ? 1.0 : !placed || place & 2 ? TITLE_PHRASE_BONUS : place & 1 ? PHRASE_BONUS : 1.0;
      var best = rounded(base * bonus * weight);
      offer(doc, best, function () {
        return { doc: doc, base: base, weight: weight, best: best, phrased: phrased && bonus > 1.0, known: true };
      });
    });
    hits.total = slots.size;
    if (size === Infinity) {
      pool.sort(function (a, b) {
        return b.best - a.best || a.doc - b.doc;
      });
    }
    var wanted = limit === undefined ? pool.length : limit;
    // Further chunks are needed while a document not known yet may enter the pool.
    var more = pool.some(function (candidate) {
      return !candidate.known;
    });
    var unseen = 0;
    bounds.forEach(function (bound) {
      unseen += bound;
    });
    var full = pool.length === POOL * limit;
    var floor = full ? pool[pool.length - 1].best : 0;
    // A document in no loaded chunk may have every token, at the bounds of their lists.
    if (unseen > 0 && unseen * TITLE_PHRASE_BONUS * (1 + 1e-9) >= floor) more = true;
    if (more && full && unseen > 0 && width === 1 && lists[0].length === 1 && placed) {
      // One Hangul term, whose list is in the order of this score: the next posting, scored
      // as the others are, bounds the rest, and one that ties goes after it in page order, as
      // after the pool's last when it comes later; so the best of thousands of documents
      // alike need not all load.
      var next = lists[0][0].postings.bounds[lists[0][0].postings.loaded - 1];
      var nextNorm = K1 * (1.0 - B + (B * Math.floor(next[2] / 4)) / avgLen);
      var nextTf = next[1] >> 2;
      var nextScore = (idfs[0] * nextTf * (K1 + 1.0)) / (nextTf + nextNorm);
      var nextBonus = next[1] & 2 ? TITLE_PHRASE_BONUS : PHRASE_BONUS;
      var nextBest = rounded(nextScore * nextBonus * CLASS_WEIGHTS[next[2] % 4]);
      var last = pool[pool.length - 1];
      more = !pool.every(function (candidate) {
        return candidate.known;
      }) || nextBest > last.best || (nextBest === last.best && next[3] * GUIDE_DOCS + next[4] < last.doc);
    }
    if (unfinished || lists.some(function (entries) {
      return entries.some(function (entry) {
        return entry.postings.bounds.length >= depth;
      });
    })) {
      hits.more = true;
      tokens.forEach(function (token, t) {
        lists[t].forEach(function (entry) {
          hits.total = Math.max(hits.total, entry.postings.df);
        });
      });
    }
    if (more) {
      // Every partly loaded list gets its next chunk; texts wait until the pool is known.
      tokens.forEach(function (token, t) {
        lists[t].forEach(function (entry) {
          if (rest(entry.postings, depth) > 0) need(missing, "search/c" + entry.at + "-" + entry.postings.loaded + ".js");
        });
      });
      return hits;
    }
    var top = [];
    var entries = new Map();
    for (var c = 0; c < pool.length; c++) {
      var candidate = pool[c];
      var last = top.length >= wanted ? top[wanted - 1] : null;
      if (last && (candidate.best < last.score || (candidate.best === last.score && candidate.doc > last.doc))) break;
      var score = candidate.best;
      if (candidate.phrased) {
        var entry = docAt(index, candidate.doc, missing);
        if (entry) {
          entries.set(candidate.doc, entry);
          score = candidate.base;
          if (compactField(index, candidate.doc, "title", entry).indexOf(phrase) >= 0) {
            score *= TITLE_PHRASE_BONUS;
          } else if (compactField(index, candidate.doc, "text", entry).indexOf(phrase) >= 0) {
            score *= PHRASE_BONUS;
          }
          score = rounded(score * candidate.weight);
        }
      }
      top.push({ doc: candidate.doc, score: score });
      // Keep `top` sorted; it is short unless every match is wanted.
      for (var at = top.length - 1; at > 0 && before(top[at], top[at - 1]); at--) {
        var swap = top[at];
        top[at] = top[at - 1];
        top[at - 1] = swap;
      }
      if (top.length > wanted) top.pop();
    }
    top.forEach(function (hit) {
      var entry = entries.get(hit.doc) || docAt(index, hit.doc, missing);
      if (!entry) return;
      hit.guideId = entry.guideId;
      hit.guideTitle = entry.guideTitle;
      hit.section = entry.section;
      hit.href = entry.href;
      hit.titleHtml = highlight(entry.title, marks);
      hit.snippetHtml = snippet(entry.text, marks);
      hits.push(hit);
    });
    return hits;
  }

  function search(index, rawQuery, limit) {
    // The page asks `needed` until nothing is; its last answer is this one.
    var last = cacheFor(index).last;
    if (last && last.query === rawQuery && last.limit === limit) return last.hits;
    return run(index, rawQuery, limit, null);
  }

  // The index files (relative to the site root) that `search` needs for this query and
  // that are not loaded yet; empty when it can run. Loading them may show that more are
  // needed (a document turned out to score lower than it might have), so ask again.
  function needed(index, rawQuery, limit) {
    var missing = new Set();
    var hits = run(index, rawQuery, limit, missing);
    cacheFor(index).last = missing.size ? null : { query: rawQuery, limit: limit, hits: hits };
    return Array.from(missing);
  }

  // ---- Snippets ----
  //
  // A result's title is marked whole; its text is cut to WINDOW characters around the first
  // match. The output is HTML: the text escaped, each matched run in <mark>. A Latin or digit
  // token must start at a word start (ars is not marked inside cars); one that matched as a
  // whole word only (a digit run or a single letter) must also end at a word end, as in the
  // index.

  function markMask(text, tokens) {
    var folded = fold(text);
    var chars = folded.map(function (f) {
      return f.ch;
    });
    var mask = Array.from(String(text).normalize("NFC")).map(function () {
      return false;
    });
    var isWordAt = function (i) {
      return i >= 0 && i < chars.length && classOf(chars[i]) === WORD;
    };
    tokens.forEach(function (token) {
      var needle = Array.from(token);
      if (!needle.length) return;
      var word = classOf(needle[0]) === WORD;
      var whole = word && !isPrefixToken(token);
      for (var start = 0; start + needle.length <= chars.length; start++) {
        var k = 0;
        while (k < needle.length && chars[start + k] === needle[k]) k++;
        if (k < needle.length) continue;
        var end = start + needle.length;
        if (word && start > 0 && isWordAt(start - 1)) continue;
        if (whole && isWordAt(end)) continue;
        for (var m = folded[start].origin; m <= folded[end - 1].origin && m < mask.length; m++) mask[m] = true;
      }
    });
    return mask;
  }

  function escapeChar(c) {
    if (c === "&") return "&amp;";
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    if (c === '"') return "&quot;";
    if (c === "'") return "&#39;";
    return c;
  }

  function marked(chars, mask, start, end) {
    var html = "";
    var open = false;
    for (var i = start; i < end; i++) {
      var on = !!mask[i];
      if (on !== open) {
        html += on ? "<mark>" : "</mark>";
        open = on;
      }
      html += escapeChar(chars[i]);
    }
    if (open) html += "</mark>";
    return html;
  }

  function highlight(text, tokens) {
    var chars = Array.from(String(text).normalize("NFC"));
    return marked(chars, markMask(text, tokens), 0, chars.length);
  }

  function snippet(text, tokens) {
    var chars = Array.from(String(text).normalize("NFC"));
    var mask = markMask(text, tokens);
    var first = mask.indexOf(true);
    var start = 0;
    if (first >= 0) {
      start = Math.max(0, first - BEFORE);
      if (start > 0) {
        var space = chars.slice(start, first).indexOf(" ");
        if (space >= 0) start = start + space + 1;
      }
    }
    var end = Math.min(chars.length, start + WINDOW);
    return (start > 0 ? "…" : "") + marked(chars, mask, start, end) + (end < chars.length ? "…" : "");
  }

  // ---- The page ----

  function escapeHtml(text) {
    return Array.from(String(text)).map(escapeChar).join("");
  }

  // 로 after a vowel or ㄹ, 으로 after any other final consonant.
  function ro(word) {
    var last = Array.from(word).pop() || "";
    var cp = last.codePointAt(0) || 0;
    if (cp < 0xac00 || cp > 0xd7a3) return "로";
    var jong = (cp - 0xac00) % 28;
    return jong === 0 || jong === 8 ? "로" : "으로";
  }

  // What the status line says, in the page's language: the box's data-say-* attributes, with
  // {name} filled in ({로} is the particle that follows the replacement in Korean).
  function say(words, key, values) {
    return (words[key] || "").replace(/\{([^{}]+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  // 57,765 rather than 57765: Korean and English both group thousands with commas.
  function grouped(count) {
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function statusText(words, index, query, hits) {
    var applied = rewrite(index, query).applied;
    var note = applied
      .map(function (pair) {
        return say(words, "sayInstead", { from: pair[0], to: pair[1], "로": ro(pair[1]) });
      })
      .join("");
    if (!hits.length) {
      return note + say(words, "sayNone", { query: query.trim() });
    }
    var total = hits.total === undefined ? hits.length : hits.total;
    var shown = Math.min(SHOWN, hits.length);
    // While long lists are partly loaded, the count is a lower bound.
    var values = { total: grouped(total) + (hits.more ? "+" : ""), shown: shown };
    return note + say(words, total > shown ? "sayCountShown" : "sayCount", values);
  }

  function resultItem(hit, root) {
    return (
      '<li class="search-result"><a href="' +
      escapeHtml(root + hit.href) +
      '"><span class="search-result-title">' +
      hit.titleHtml +
      '</span> <span class="search-result-meta">' +
      escapeHtml(hit.guideTitle) +
      " · " +
      escapeHtml(hit.section) +
      "</span>" +
      (hit.snippetHtml ? ' <span class="search-result-snippet">' + hit.snippetHtml + "</span>" : "") +
      "</a></li>"
    );
  }

  function initPage() {
    var box = document.getElementById("search");
    if (!box) return;
    var form = box.querySelector("form");
    var input = box.querySelector('input[type="search"]');
    if (!form || !input) return;
    var root = box.getAttribute("data-root") || "";

    var status = box.querySelector(".search-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "search-status";
      box.appendChild(status);
    }
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = box.querySelector(".search-results");
    if (!list) {
      list = document.createElement("ol");
      list.className = "search-results";
      list.setAttribute("aria-label", say(box.dataset, "sayResults", {}));
      box.appendChild(list);
    }
    Array.prototype.forEach.call(box.querySelectorAll(".search-fallback"), function (el) {
      el.hidden = true;
    });
    form.hidden = false;

    // The index is loaded in pieces on first use, unless the page already loaded the
    // manifest: most visits never search, and a phone should load only what a query needs.
    var scripts = {};
    function load(src, callback) {
      var state = scripts[src];
      if (state && state.done) return callback(state.ok);
      if (state) return state.waiting.push(callback);
      state = scripts[src] = { done: false, ok: false, waiting: [callback] };
      var script = document.createElement("script");
      script.src = src;
      script.onload = script.onerror = function (event) {
        state.done = true;
        state.ok = event.type === "load";
        var waiting = state.waiting;
        state.waiting = [];
        waiting.forEach(function (cb) {
          cb(state.ok);
        });
      };
      document.head.appendChild(script);
    }
    function withIndex(callback) {
      var index = window.STEPGUIDE_SEARCH;
      if (index) return callback(index.v === INDEX_VERSION ? index : null);
      load(root + "search-index.js", function () {
        var loaded = window.STEPGUIDE_SEARCH;
        callback(loaded && loaded.v === INDEX_VERSION ? loaded : null);
      });
    }
    // Loads what a query needs, round by round, then calls back with true; with false when
    // a file cannot be loaded or does not hold what it should.
    function prepare(index, query, callback) {
      var files = needed(index, query, SHOWN);
      if (!files.length) return callback(true);
      var pending = files.length;
      var ok = true;
      files.forEach(function (file) {
        var src = root + file;
        // Loaded before and still needed: the file is not what the manifest expects.
        var stale = !!(scripts[src] && scripts[src].done);
        load(src, function (loaded) {
          ok = ok && loaded && !stale;
          pending -= 1;
          if (pending === 0) {
            if (ok) prepare(index, query, callback);
            else callback(false);
          }
        });
      });
    }

    var shownQuery = null;
    function fail() {
      list.innerHTML = "";
      status.textContent = say(box.dataset, "sayFailed", {});
      box.removeAttribute("aria-busy");
    }
    function run(focusFirst) {
      var query = input.value;
      // Busy until this query's results are in: the files it needs may take a while.
      box.setAttribute("aria-busy", "true");
      withIndex(function (index) {
        if (!index) return fail();
        prepare(index, query, function (ok) {
          if (!ok) return fail();
          // A later run shows a query typed meanwhile.
          if (input.value !== query) return;
          box.removeAttribute("aria-busy");
          if (query !== shownQuery) {
            shownQuery = query;
            var hits = query.trim() ? search(index, query, SHOWN) : [];
            list.innerHTML = hits
              .slice(0, SHOWN)
              .map(function (hit) {
                return resultItem(hit, root);
              })
              .join("");
            status.textContent = query.trim() ? statusText(box.dataset, index, query, hits) : "";
          }
          var first = links()[0];
          if (focusFirst && first) first.focus();
        });
      });
    }
    function remember() {
      // Keeps ?q= in the address so Back returns to the results. Some browsers refuse this on
      // file://; the search works the same without it.
      try {
        var url = new URL(window.location.href);
        if (input.value.trim()) url.searchParams.set("q", input.value);
        else url.searchParams.delete("q");
        window.history.replaceState(window.history.state, "", url.toString());
      } catch (e) {
        /* not kept */
      }
    }
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    var timer = null;
    input.addEventListener("focus", function () {
      // Every query needs the manifest.
      withIndex(function () {});
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run(false);
        remember();
      }, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(true);
      remember();
    });
    input.addEventListener("keydown", function (event) {
      var first = links()[0];
      if (event.key === "ArrowDown" && first) {
        event.preventDefault();
        first.focus();
      }
    });
    list.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === "ArrowDown" && at + 1 < all.length) {
        event.preventDefault();
        all[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? all[at - 1] : input).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
      }
    });

    var initial = "";
    try {
      initial = new URL(window.location.href).searchParams.get("q") || "";
    } catch (e) {
      initial = "";
    }
    if (initial) {
      input.value = initial;
      run(false);
    }
  }

  var api = {
    tokenize: tokenize,
    queryTokens: queryTokens,
    rewrite: function (index, query) {
      return rewrite(index, query).query;
    },
    search: search,
    needed: needed,
    highlight: highlight,
    snippet: snippet,
    statusText: statusText,
  };
  if (typeof window !== "undefined") window.StepguideSearch = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initPage);
    else initPage();
  }
})();
