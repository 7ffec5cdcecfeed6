// Step links on a guide page. The link itself is a plain #step-… link that works without
// JavaScript: it puts the step's address in the address bar and highlights the step
// (:target). Where the browser lets a page write to the clipboard, this script also copies
// the full address on click and says so in a status line that screen readers announce.
(function () {
  "use strict";
  var links = document.querySelectorAll("a.step-link");
  var clipboard = window.navigator && window.navigator.clipboard;
  if (!links.length || !clipboard || typeof clipboard.writeText !== "function" || !window.isSecureContext) {
    return;
  }

  // One status line for the page, in <main> so it sits inside a landmark. It is in the page
  // from the start (empty) because screen readers only announce changes to a live region
  // they already know.
  var status = document.createElement("p");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  (document.querySelector("main") || document.body).appendChild(status);
  var timer = null;
  function say(text) {
    status.textContent = text;
    clearTimeout(timer);
    timer = setTimeout(function () {
      status.textContent = "";
    }, 5000);
  }

  Array.prototype.forEach.call(links, function (link) {
    var text = link.querySelector(".step-link-text");
    if (text) text.textContent += " 복사";
    link.addEventListener("click", function () {
      // The default action still runs, so the address bar shows the link too. A search's
      // ?q= is left out: the person who opens the link wants the step, not that search.
      var address = window.location.href.split("#")[0].split("?")[0] + link.getAttribute("href");
      clipboard.writeText(address).then(
        function () {
          say("링크를 복사했습니다. 메시지나 메일에 붙여 넣어 보내세요.");
        },
        function () {
          say("링크를 복사하지 못했습니다. 주소창의 주소를 복사해 보내세요.");
        }
      );
    });
  });
})();
