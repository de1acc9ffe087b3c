/* The course website's sliding-window stepper: plays pre-rendered frames, no kernel.
 *
 * scripts/build_site.py writes, for every SlidingWindowStepper a notebook displays, one
 * palette PNG per step (drawn by course_utils.stepper.StepperRenderer) and a
 * <div class="cu-site-stepper"> with the frames' folder, their count, the start step,
 * the play interval, the kernel as applied, each step's numbers (data-steps: the
 * window, the products, which cells come from padding, the sum, "output[ROW, COL] =
 * VALUE" and the sentence a screen reader says) and every word this script writes, in
 * the page's language (data-labels; templates such as "position {index}: {label}" are
 * filled here). The script itself holds no words of any language.
 *
 * At each step it shows the frame, the readout the live widget shows (window x kernel =
 * products, their sum and the output pixel) and puts the step's sentence into a polite
 * live region (role="status"), which a screen reader reads out.
 * Controls, each with a name a screen reader says: play/pause, one step back or forward,
 * a slider, and the keyboard (ArrowLeft/ArrowRight or ArrowUp/ArrowDown step, Home/End
 * jump, Space plays) whenever the stepper or one of its controls has the focus. Pause
 * keeps the step reached; play goes on from there.
 */
(function () {
  "use strict";

  function pad(number) {
    return String(number).padStart(3, "0");
  }

  /* A template's {name} fields filled from values (a field without a value stays). */
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* A table of texts; cells whose flag in `shaded` is true get the padding colour. */
  function table(rows, shaded) {
    var node = element("table", "cu-site-stepper-table");
    rows.forEach(function (row, r) {
      var tr = element("tr");
      row.forEach(function (text, c) {
        tr.appendChild(element("td", shaded && shaded[r][c] ? "cu-site-stepper-padding" : "",
                               text));
      });
      node.appendChild(tr);
    });
    return node;
  }

  /* The live widget's readout: window x kernel = products, their sum and the output pixel. */
  function readoutNode(step, kernel, words) {
    var root = element("div", "cu-site-stepper-readout-body");
    var line = element("div", "cu-site-stepper-tables");
    var shaded = step.padding.map(function (row) {
      return row.split("").map(function (flag) { return flag === "1"; });
    });
    [[words.window, table(step.window, shaded)], ["\u00D7"], [words.kernel, table(kernel)],
     ["="], [words.products, table(step.products)]].forEach(function (part) {
      if (part.length === 1) { line.appendChild(element("span", "cu-site-stepper-op", part[0])); return; }
      var box = element("div", "", part[0]);
      box.appendChild(element("br"));
      box.appendChild(part[1]);
      line.appendChild(box);
    });
    root.appendChild(line);
    var total = element("div", "", fill(words.sum, {
      count: step.products.length * step.products[0].length, sum: step.sum}));
    total.appendChild(element("b", "", step.label));
    root.appendChild(total);
    if (step.padding.some(function (row) { return row.indexOf("1") >= 0; })) {
      var note = element("div");
      note.appendChild(element("span", "cu-site-stepper-padding", words.shaded));
      note.appendChild(document.createTextNode(words.fromPadding));
      root.appendChild(note);
    }
    return root;
  }

  function setUp(root) {
    var base = root.dataset.frames;
    var count = parseInt(root.dataset.count, 10);
    var interval = parseInt(root.dataset.interval, 10) || 300;
    var steps = JSON.parse(root.dataset.steps || "[]");
    var kernel = JSON.parse(root.dataset.kernel || "[]");
    var words = JSON.parse(root.dataset.labels || "{}");
    var image = root.querySelector(".cu-site-stepper-frame");
    var slider = root.querySelector(".cu-site-stepper-slider");
    var readout = root.querySelector(".cu-site-stepper-readout");
    var products = root.querySelector(".cu-site-stepper-products");
    var status = root.querySelector(".cu-site-stepper-status");
    var play = root.querySelector(".cu-site-stepper-play");
    var playLabel = play.querySelector(".cu-site-stepper-play-label");
    var playIcon = play.querySelector(".cu-site-stepper-play-icon");
    var what = image.dataset.what || "";
    var index = -1;
    var timer = null;

    function show(next) {
      next = Math.max(0, Math.min(count - 1, next));
      if (next === index) return;
      index = next;
      var step = steps[index] || {label: "", announcement: ""};
      image.src = base + pad(index) + ".png";
      var values = {step: index + 1, count: count, index: index, label: step.label, what: what};
      image.alt = fill(words.alt, values);
      slider.value = String(index);
      slider.setAttribute("aria-valuetext", fill(words.valuetext, values));
      readout.textContent = fill(words.readout, values);
      if (step.window) products.replaceChildren(readoutNode(step, kernel, words));
      status.textContent = step.announcement;
      if (index + 1 < count) new Image().src = base + pad(index + 1) + ".png";  // preload
    }

    function stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      playIcon.textContent = "\u25B6";
      playLabel.textContent = words.play;
    }

    function start() {
      if (index >= count - 1) show(0);
      playIcon.textContent = "\u275A\u275A";
      playLabel.textContent = words.pause;
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
