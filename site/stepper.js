/* The course website's sliding-window stepper: plays pre-rendered frames, no kernel.
 *
 * scripts/build_site.py writes, for every SlidingWindowStepper a notebook displays, one
 * palette PNG per step (drawn by course_utils.stepper.StepperRenderer) and a
 * <div class="cu-site-stepper"> with the frames' folder, their count, the start step,
 * the play interval and each step's readout ("output[ROW, COL] = VALUE").
 * Controls: play/pause, one step back or forward, a slider, and the keyboard
 * (ArrowLeft/ArrowRight or ArrowUp/ArrowDown step, Home/End jump, Space plays)
 * whenever the stepper or one of its controls has the focus.
 */
(function () {
  "use strict";

  function pad(number) {
    return String(number).padStart(3, "0");
  }

  function setUp(root) {
    var base = root.dataset.frames;
    var count = parseInt(root.dataset.count, 10);
    var interval = parseInt(root.dataset.interval, 10) || 300;
    var labels = JSON.parse(root.dataset.labels || "[]");
    var image = root.querySelector(".cu-site-stepper-frame");
    var slider = root.querySelector(".cu-site-stepper-slider");
    var readout = root.querySelector(".cu-site-stepper-readout");
    var play = root.querySelector(".cu-site-stepper-play");
    var what = image.dataset.what || "";
    var index = -1;
    var timer = null;

    function show(next) {
      next = Math.max(0, Math.min(count - 1, next));
      if (next === index) return;
      index = next;
      image.src = base + pad(index) + ".png";
      image.alt = "Step " + (index + 1) + " of " + count + ": " + (labels[index] || "") +
        ". " + what;
      slider.value = String(index);
      readout.textContent = "position " + index + ": " + (labels[index] || "");
      if (index + 1 < count) new Image().src = base + pad(index + 1) + ".png";  // preload
    }

    function stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      play.textContent = "\u25B6 play";
      play.setAttribute("aria-pressed", "false");
    }

    function start() {
      if (index >= count - 1) show(0);
      play.textContent = "\u275A\u275A pause";
      play.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        if (index >= count - 1) stop(); else show(index + 1);
      }, interval);
    }

    play.addEventListener("click", function () { if (timer === null) start(); else stop(); });
    root.querySelector(".cu-site-stepper-prev").addEventListener("click", function () {
      stop(); show(index - 1);
    });
    root.querySelector(".cu-site-stepper-next").addEventListener("click", function () {
      stop(); show(index + 1);
    });
    slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
    root.addEventListener("keydown", function (event) {
      if (event.target === slider && event.key.indexOf("Arrow") === 0) return;  // the slider steps itself
      var moves = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
      if (event.key in moves) { stop(); show(index + moves[event.key]); }
      else if (event.key === "Home") { stop(); show(0); }
      else if (event.key === "End") { stop(); show(count - 1); }
      else if (event.key === " " && event.target.tagName !== "BUTTON") {
        if (timer === null) start(); else stop();
      } else return;
      event.preventDefault();
    });
    show(parseInt(root.dataset.start, 10) || 0);
  }

  function setUpAll() {
    document.querySelectorAll(".cu-site-stepper").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
