/* The embedded sign form tells the page that frames it how tall it is, so that the frame
   fits its content (widget.js sets the frame's height). One message shape, nothing else:
   {type: "turnout:embed-height", height: <CSS pixels>}. The height is no secret: it goes to
   whatever page frames the form (the action's allowed sites, frame-ancestors). */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function measure() {
    // The content's own height (the page does not stretch to the frame: actions.css), so
    // that a new frame height never changes the measure.
    var main = document.querySelector("main");
    if (!main) return 0;
    var style = window.getComputedStyle(main);
    var bottom = main.getBoundingClientRect().bottom + window.pageYOffset;
    return Math.ceil(bottom + (parseFloat(style.marginBottom) || 0));
  }
  function send() {
    var height = measure();
    if (!height || Math.abs(height - last) < 2) return;
    last = height;
    window.parent.postMessage({ type: "turnout:embed-height", height: height }, "*");
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  if (window.ResizeObserver) {
    document.addEventListener("DOMContentLoaded", function () {
      var main = document.querySelector("main");
      if (main) new window.ResizeObserver(send).observe(main);
    });
  }
  document.addEventListener("DOMContentLoaded", send);
})();
