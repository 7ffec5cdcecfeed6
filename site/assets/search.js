// stepguide search: Korean-aware search over the static index `search-index.js`, in the browser.
//
// Plain ES2017 in one file, no build step, no fetch(): it works from file://. The tokenizer,
// the ranking and the snippets are the same as src/search/*.rs, step for step; the Rust tests
// run tests/search_tokenizer.tsv and tests/search_relevance.tsv through both and compare.
//
// Markup a page needs (data-root is the relative path from the page to the site root: "" on
// the home page, "../../" on guides/<id>/index.html):
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
// The index, <root>search-index.js, is loaded with a <script> tag the first time the reader
// focuses the field (or when the address has ?q=), so pages that are only read do not fetch
// it. A page may load it up front instead, before this script:
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

  var INDEX_VERSION = 1;
  var K1 = 1.2;
  var B = 0.5;
  var TITLE_PHRASE_BONUS = 2.0;
  var PHRASE_BONUS = 1.5;
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
        tokens.push(run.join(""));
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

  // ---- Query and ranking (src/search/rank.rs) ----

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
      if (keep(index.terms[i])) found.push({ term: index.terms[i], list: index.postings[i] });
    }
    return found;
  }

  // Per index: the position of each term, and the compact form of each document's title and
  // text, worked out once instead of at every keystroke.
  var caches = new WeakMap();
  function cacheFor(index) {
    var cache = caches.get(index);
    if (!cache) {
      var positions = new Map();
      index.terms.forEach(function (term, i) {
        positions.set(term, i);
      });
      cache = { positions: positions, compact: [] };
      caches.set(index, cache);
    }
    return cache;
  }
  function compactField(index, doc, field) {
    var store = cacheFor(index).compact;
    var key = doc * 2 + (field === 4 ? 0 : 1);
    if (store[key] === undefined) store[key] = compact(index.docs[doc][field]);
    return store[key];
  }

  function expand(index, token) {
    var chars = Array.from(token);
    var single = chars.length === 1 && classOf(chars[0]) === BIGRAM ? chars[0] : null;
    var prefix = isPrefixToken(token);
    if (single === null && !prefix) {
      var at = cacheFor(index).positions.get(token);
      return at === undefined ? [] : [{ term: token, list: index.postings[at] }];
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

  function kindWeight(kind) {
    if (kind === "s") return 1.5;
    if (kind === "f") return 1.25;
    if (kind === "c" || kind === "q" || kind === "t") return 0.8;
    return 1.0;
  }

  // Every matching document, best first: [{doc, score, guideId, guideTitle, section, href,
  // titleHtml, snippetHtml}]. The HTML is computed for the first `limit` hits only
  // (all when limit is missing).
  function search(index, rawQuery, limit) {
    var query = rewrite(index, rawQuery).query;
    var tokens = queryTokens(query);
    var docs = index.docs;
    if (!tokens.length || !docs.length) return [];
    var n = docs.length;
    var total = 0;
    for (var d = 0; d < n; d++) total += docs[d][6];
    var avgLen = total > 0 ? total / n : 1.0;

    var scores = new Map();
    var marks = tokens.slice();
    tokens.forEach(function (token) {
      var tf = new Map();
      expand(index, token).forEach(function (entry) {
        if (!startsWith(entry.term, token) && marks.indexOf(entry.term) < 0) marks.push(entry.term);
        var list = entry.list;
        for (var i = 0; i + 1 < list.length; i += 2) tf.set(list[i], (tf.get(list[i]) || 0) + list[i + 1]);
      });
      var df = tf.size;
      var idf = Math.log(1.0 + (n - df + 0.5) / (df + 0.5));
      tf.forEach(function (count, doc) {
        var entry = docs[doc];
        if (!entry) return;
        var norm = K1 * (1.0 - B + (B * entry[6]) / avgLen);
        var score = scores.get(doc) || { matched: 0, bm25: 0.0 };
        score.matched += 1;
        score.bm25 += (idf * count * (K1 + 1.0)) / (count + norm);
        scores.set(doc, score);
      });
    });

    var phrase = compact(query);
    var hits = [];
    scores.forEach(function (s, doc) {
      var entry = docs[doc];
      var coverage = s.matched / tokens.length;
      var score = coverage * coverage * s.bm25;
      if (phrase === "") {
        // Nothing to compare.
      } else if (compactField(index, doc, 4).indexOf(phrase) >= 0) {
        score *= TITLE_PHRASE_BONUS;
      } else if (compactField(index, doc, 5).indexOf(phrase) >= 0) {
        score *= PHRASE_BONUS;
      }
      score *= kindWeight(entry[1]);
      hits.push({ doc: doc, score: Math.round(score * 1e6) / 1e6 });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || a.doc - b.doc;
    });
    var shown = limit === undefined ? hits.length : Math.min(limit, hits.length);
    for (var h = 0; h < shown; h++) {
      var entry = docs[hits[h].doc];
      var guide = index.guides[entry[0]] || ["", ""];
      hits[h].guideId = guide[0];
      hits[h].guideTitle = guide[1];
      hits[h].section = entry[2];
      hits[h].href = entry[3];
      hits[h].titleHtml = highlight(entry[4], marks);
      hits[h].snippetHtml = snippet(entry[5], marks);
    }
    return hits;
  }

  // ---- Snippets (src/search/snippet.rs) ----

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

  function statusText(index, query, hits) {
    var applied = rewrite(index, query).applied;
    var note = applied
      .map(function (pair) {
        return "‘" + pair[0] + "’ 대신 ‘" + pair[1] + "’" + ro(pair[1]) + " 찾았습니다. ";
      })
      .join("");
    if (!hits.length) {
      return note + "‘" + query.trim() + "’에 맞는 내용을 찾지 못했습니다. 더 짧은 낱말이나 다른 말로 찾아 보세요.";
    }
    var shown = Math.min(SHOWN, hits.length);
    var count = hits.length > shown ? hits.length + "건 중 " + shown + "건을 보여 줍니다" : hits.length + "건";
    return note + "검색 결과 " + count + ".";
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
      list.setAttribute("aria-label", "검색 결과");
      box.appendChild(list);
    }
    Array.prototype.forEach.call(box.querySelectorAll(".search-fallback"), function (el) {
      el.hidden = true;
    });
    form.hidden = false;

    // The index is loaded on first use unless the page already loaded it: most visits never
    // search, and a phone should not fetch the whole index for every page.
    var loading = false;
    var failed = false;
    var waiting = [];
    function withIndex(callback) {
      var index = window.STEPGUIDE_SEARCH;
      if (index && index.v === INDEX_VERSION) return callback(index);
      if (failed || (index && index.v !== INDEX_VERSION)) return callback(null);
      waiting.push(callback);
      if (loading) return;
      loading = true;
      var script = document.createElement("script");
      script.src = root + "search-index.js";
      script.onload = script.onerror = function () {
        loading = false;
        var loaded = window.STEPGUIDE_SEARCH;
        failed = !(loaded && loaded.v === INDEX_VERSION);
        var callbacks = waiting;
        waiting = [];
        callbacks.forEach(function (cb) {
          cb(failed ? null : loaded);
        });
      };
      document.head.appendChild(script);
    }

    var shownQuery = null;
    function run(focusFirst) {
      withIndex(function (index) {
        var query = input.value;
        if (!index) {
          list.innerHTML = "";
          status.textContent = "검색을 불러오지 못했습니다. 목차나 안내 목록에서 찾아 주세요.";
          return;
        }
        if (query !== shownQuery) {
          shownQuery = query;
          var hits = query.trim() ? search(index, query, SHOWN) : [];
          list.innerHTML = hits
            .slice(0, SHOWN)
            .map(function (hit) {
              return resultItem(hit, root);
            })
            .join("");
          status.textContent = query.trim() ? statusText(index, query, hits) : "";
        }
        var first = links()[0];
        if (focusFirst && first) first.focus();
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
    highlight: highlight,
    snippet: snippet,
  };
  if (typeof window !== "undefined") window.StepguideSearch = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initPage);
    else initPage();
  }
})();
