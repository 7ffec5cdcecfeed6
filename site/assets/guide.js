// The scripts of a guide page. Each is an addition: without JavaScript the page reads,
// links and prints the same, and says what only works with it.
// 1. Step links copy the step's full address.
// 2. The "print this procedure only" buttons print one procedure.
// 3. The expiry reminder makes a calendar file (.ics) from the date a certificate was issued.
// What they say comes from the page's language: the script tag's data-say-* attributes,
// with {name} filled in.
(function () {
  "use strict";
  var words = (document.currentScript && document.currentScript.dataset) || {};
  function say(key, values) {
    return (words[key] || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  stepLinks();
  printButtons();
  reminder();

  // The link itself is a plain #step-… link that works without JavaScript: it puts the
  // step's address in the address bar and highlights the step (:target). Where the browser
  // lets a page write to the clipboard, this also copies the full address on click and says
  // so in a status line that screen readers announce.
  function stepLinks() {
    var links = document.querySelectorAll("a.step-link");
    var clipboard = window.navigator && window.navigator.clipboard;
    if (!links.length || !clipboard || typeof clipboard.writeText !== "function" || !window.isSecureContext) {
      return;
    }

    // One status line for the page, in <main> so it sits inside a landmark. It is in the
    // page from the start (empty) because screen readers only announce changes to a live
    // region they already know.
    var status = document.createElement("p");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    (document.querySelector("main") || document.body).appendChild(status);
    var timer = null;
    function announce(text) {
      status.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () {
        status.textContent = "";
      }, 5000);
    }

    Array.prototype.forEach.call(links, function (link) {
      var text = link.querySelector(".step-link-text");
      if (text) text.textContent += " " + say("sayCopy");
      link.addEventListener("click", function () {
        // The default action still runs, so the address bar shows the link too. A search's
        // ?q= is left out: the person who opens the link wants the step, not that search.
        var address = window.location.href.split("#")[0].split("?")[0] + link.getAttribute("href");
        clipboard.writeText(address).then(
          function () {
            announce(say("sayLinkCopied"));
          },
          function () {
            announce(say("sayLinkNotCopied"));
          }
        );
      });
    });
  }

  // The print style sheet prints only the procedure the address names (#procedure-…, or a
  // step in it), which works without JavaScript: the channel links set it. The buttons set
  // the same address, then open the print dialog.
  function printButtons() {
    if (typeof window.print !== "function") return;
    Array.prototype.forEach.call(document.querySelectorAll(".procedure-print"), function (holder) {
      var button = holder.querySelector("button[data-print]");
      if (!button) return;
      holder.hidden = false;
      button.addEventListener("click", function () {
        var anchor = "#" + button.getAttribute("data-print");
        if (window.location.hash !== anchor) window.location.hash = anchor;
        window.print();
      });
    });
  }

  // The expiry reminder. The section's data attributes carry the guide's own text and its
  // periods as ISO 8601 durations (data-validity="P3Y", data-before-expiry="P30D"). The file
  // is made here, in memory, and offered as a download: nothing is sent anywhere, and it
  // works offline and from file://.
  function reminder() {
    var section = document.querySelector("section.reminder[data-validity]");
    if (!section || typeof Blob !== "function" || !window.URL || typeof URL.createObjectURL !== "function") return;
    var form = section.querySelector(".reminder-form");
    var input = section.querySelector("input[type=date]");
    var today = section.querySelector("[data-action=today]");
    var result = section.querySelector(".reminder-result");
    var download = section.querySelector(".reminder-download");
    var link = download && download.querySelector("a");
    var data = section.dataset;
    var validity = parsePeriod(data.validity);
    var before = data.beforeExpiry ? parsePeriod(data.beforeExpiry) : null;
    if (!form || !input || !today || !result || !link || !validity || (data.beforeExpiry && !before)) return;
    form.hidden = false;
    var noScript = section.querySelector(".reminder-no-script");
    if (noScript) noScript.hidden = true;

    var address = null;
    function update() {
      if (address) URL.revokeObjectURL(address);
      address = null;
      link.removeAttribute("href");
      download.hidden = true;
      var issued = parseDate(input.value);
      if (!issued) {
        result.textContent = input.value ? say("sayDateFormat") : "";
        return;
      }
      var expiry = shift(issued, validity, 1);
      var alarm = before ? shift(expiry, before, -1) : expiry;
      var ics = calendar(data, issued, expiry, alarm, new Date());
      address = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
      link.href = address;
      link.setAttribute("download", data.guide + "-expiry-" + iso(expiry) + ".ics");
      download.hidden = false;
      // The sentence around the two dates, each of which becomes a <time>.
      var parts = say("sayExpiryAlarm").split(/(\{expiry\}|\{alarm\})/);
      writeWithDates(result, parts.map(function (part) {
        return part === "{expiry}" ? expiry : part === "{alarm}" ? alarm : part;
      }));
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    today.addEventListener("click", function () {
      var now = new Date();
      input.value = iso({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });
      update();
    });
    // A date the browser kept in the field when the page was reloaded.
    update();
  }

  // Writes text and dates into `holder`; each date a <time>, which the style sheet keeps on
  // one line (a date broken at its hyphens reads as two numbers on a phone).
  function writeWithDates(holder, parts) {
    holder.textContent = "";
    parts.forEach(function (part) {
      if (typeof part === "string") {
        holder.appendChild(document.createTextNode(part));
        return;
      }
      var time = document.createElement("time");
      time.dateTime = time.textContent = iso(part);
      holder.appendChild(time);
    });
  }

  // ---- Dates: {y, m, d} with m and d from 1, never a Date, so no time zone moves a day.

  function parseDate(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!parts) return null;
    var date = { y: +parts[1], m: +parts[2], d: +parts[3] };
    var valid = date.y >= 1900 && date.m >= 1 && date.m <= 12 && date.d >= 1 && date.d <= daysInMonth(date.y, date.m);
    return valid ? date : null;
  }

  function parsePeriod(value) {
    var parts = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(value || "");
    if (!parts || value === "P") return null;
    return { years: +(parts[1] || 0), months: +(parts[2] || 0), days: +(parts[3] || 0) };
  }

  function daysInMonth(y, m) {
    var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }

  // A date plus (sign 1) or minus (sign -1) a period: years and months first, landing on the
  // same day of the month or on the month's last day when that day does not exist
  // (2024-02-29 + 1 year = 2025-02-28), then days. This is how the Korean Civil Act counts a
  // period from the day after issuing (Articles 157 and 160): it ends on this date.
  function shift(date, period, sign) {
    var months = date.y * 12 + (date.m - 1) + sign * (period.years * 12 + period.months);
    var y = Math.floor(months / 12);
    var m = months - y * 12 + 1;
    return addDays({ y: y, m: m, d: Math.min(date.d, daysInMonth(y, m)) }, sign * period.days);
  }

  // Date.UTC takes years 0–99 as 1900–1999; the dates here are from 1800 on.
  function addDays(date, days) {
    var moved = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
    return { y: moved.getUTCFullYear(), m: moved.getUTCMonth() + 1, d: moved.getUTCDate() };
  }

  function daysBetween(from, to) {
    return Math.round((Date.UTC(to.y, to.m - 1, to.d) - Date.UTC(from.y, from.m - 1, from.d)) / 86400000);
  }

  function pad(n, width) {
    var text = String(n);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function iso(date) {
    return pad(date.y, 4) + "-" + pad(date.m, 2) + "-" + pad(date.d, 2);
  }

  // ---- The calendar file (RFC 5545).

  // One all-day event on the expiry date, with an alarm at 09:00 on the day `alarm` (the
  // start of the renewal window, or the expiry date itself). The alarm is relative to the
  // event's start, so it rings at 09:00 wherever the reader is.
  function calendar(data, issued, expiry, alarm, now) {
    var compact = function (date) {
      return iso(date).replace(/-/g, "");
    };
    var summary = say("sayIcsSummary", { certificate: data.certificate, label: data.validityLabel });
    var description = [data.title, data.validityLabel + ": " + data.validityValue + " " + say("sayIcsIssued", { date: iso(issued) })];
    var alarmText = summary + " " + iso(expiry);
    if (data.beforeExpiry) {
      var renewal = data.beforeExpiryLabel + ": " + data.beforeExpiryValue;
      description.push(renewal);
      alarmText += "\n" + renewal;
    }
    // Only an address a calendar can open as it is: no spaces, quotes or line breaks.
    var url = /^https?:\/\/[^\s"<>\\^`{|}]+$/.test(data.url || "") ? data.url : null;
    if (url) description.push(url);
    var lead = daysBetween(alarm, expiry);
    var trigger = lead > 0 ? "-P" + (lead > 1 ? lead - 1 + "D" : "") + "T15H" : "PT9H";
    var stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//stepguide//expiry reminder//KO",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      // The same guide and issue date give the same UID, so a second download updates the
      // event instead of adding another.
      "UID:" + text(data.guide + "-" + compact(issued) + "-expiry@stepguide"),
      "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + compact(expiry),
      "DTEND;VALUE=DATE:" + compact(addDays(expiry, 1)),
      "SUMMARY:" + text(summary),
      "DESCRIPTION:" + text(description.join("\n")),
    ];
    if (url) lines.push("URL:" + url);
    lines.push(
      "TRANSP:TRANSPARENT",
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "DESCRIPTION:" + text(alarmText),
      "TRIGGER:" + trigger,
      "END:VALARM",
      "END:VEVENT",
      "END:VCALENDAR"
    );
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // A TEXT value (RFC 5545, 3.3.11): backslashes, semicolons and commas escaped, line breaks
  // as \n, and the control characters TEXT cannot hold as spaces.
  function text(value) {
    return String(value)
      .replace(/\r\n?/g, "\n")
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ")
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\n/g, "\\n");
  }

  // Lines of at most 75 octets of UTF-8 (RFC 5545, 3.1), each continuation starting with a
  // space, and never splitting a character.
  function fold(line) {
    var lines = [];
    var current = "";
    var octets = 0;
    for (var i = 0; i < line.length; ) {
      var code = line.codePointAt(i);
      var ch = String.fromCodePoint(code);
      var size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (octets + size > 75) {
        lines.push(current);
        current = " ";
        octets = 1;
      }
      current += ch;
      octets += size;
      i += ch.length;
    }
    lines.push(current);
    return lines.join("\r\n");
  }
})();
