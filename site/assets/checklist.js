// Keeps the ticks of a printable checklist in this browser (localStorage), so a reload or a
// second visit does not lose them, and adds the print and reset buttons. Without JavaScript
// the checkboxes still work; they are just not remembered.
(function () {
  "use strict";
  var list = document.querySelector("[data-checklist]");
  if (!list) return;
  var guide = list.getAttribute("data-checklist");
  var boxes = list.querySelectorAll("input[type=checkbox][data-item]");

  function key(box) {
    return "stepguide:" + guide + ":" + box.getAttribute("data-item");
  }
  // Storage can be missing or refuse writes (private windows, some file:// setups).
  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }
  function save(box) {
    var store = storage();
    if (!store) return;
    try {
      if (box.checked) store.setItem(key(box), "1");
      else store.removeItem(key(box));
    } catch (e) {
      /* full or blocked: the tick still shows, it is just not kept */
    }
  }

  var store = storage();
  Array.prototype.forEach.call(boxes, function (box) {
    if (store && store.getItem(key(box)) === "1") box.checked = true;
    box.addEventListener("change", function () {
      save(box);
    });
  });

  var reset = document.querySelector("[data-action=reset]");
  if (reset) {
    reset.hidden = false;
    reset.addEventListener("click", function () {
      Array.prototype.forEach.call(boxes, function (box) {
        box.checked = false;
        save(box);
      });
    });
  }
  var print = document.querySelector("[data-action=print]");
  if (print && typeof window.print === "function") {
    print.hidden = false;
    print.addEventListener("click", function () {
      window.print();
    });
  }
})();
