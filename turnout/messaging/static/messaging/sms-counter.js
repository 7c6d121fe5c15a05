/* Live SMS counter for <textarea data-sms-counter="OUTPUT-ID">. It counts exactly like
 * turnout/messaging/sms_text.py (same GSM 03.38 tables, same greedy split; a Python test reads
 * the two tables below out of this file). It holds no user-facing text: the output element
 * carries the translated labels, with "{n}", "{chars}" and "{amount}" as placeholders:
 *
 *   <textarea name="body" data-sms-counter="body-count"
 *             data-sms-price-cents="8" data-sms-recipients="1200" data-sms-currency="EUR">
 *   <p id="body-count" aria-live="polite"
 *      data-label-characters="{n} characters" data-label-characters-one="{n} character"
 *      data-label-segments="{n} segments" data-label-segments-one="{n} segment"
 *      data-label-unicode="Characters that force Unicode: {chars}"
 *      data-label-cost="Estimated cost: {amount}"></p>
 *
 * The price, recipient count and currency may sit on the textarea or on the output element.
 * Without this file the page still works: the server counts again before sending. */
(function () {
  "use strict";

  // GSM 03.38 default alphabet in code order (0x1B, the escape, left out).
  var GSM_BASIC =
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5" +
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9" +
    " !\"#\u00a4%&'()*+,-./" +
    "0123456789:;<=>?" +
    "\u00a1ABCDEFGHIJKLMNO" +
    "PQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7" +
    "\u00bfabcdefghijklmno" +
    "pqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";
  // GSM 03.38 extension table: sent as ESC + character, 2 septets each, never split.
  var GSM_EXTENSION = "\f^{}\\[~]|\u20ac";

  var GSM_SINGLE = 160, GSM_PART = 153, UCS2_SINGLE = 70, UCS2_PART = 67;

  function isGsm(character) {
    return GSM_BASIC.indexOf(character) !== -1 || GSM_EXTENSION.indexOf(character) !== -1;
  }

  // Same result as sms_text.sms_segments(text) for the fields the page shows.
  function count(text) {
    var characters = Array.from(text);
    var gsm = characters.every(isGsm);
    var single = gsm ? GSM_SINGLE : UCS2_SINGLE;
    var perPart = gsm ? GSM_PART : UCS2_PART;
    var costs = characters.map(function (character) {
      if (gsm) return GSM_EXTENSION.indexOf(character) !== -1 ? 2 : 1;
      return character.codePointAt(0) > 0xffff ? 2 : 1;
    });
    var units = costs.reduce(function (sum, cost) { return sum + cost; }, 0);
    var segments = 0;
    if (units > 0 && units <= single) {
      segments = 1;
    } else if (units > single) {
      var current = 0;
      segments = 1;
      costs.forEach(function (cost) {
        if (current + cost > perPart) { segments += 1; current = 0; }
        current += cost;
      });
    }
    var unicode = [];
    if (!gsm) {
      characters.forEach(function (character) {
        if (!isGsm(character) && unicode.indexOf(character) === -1) unicode.push(character);
      });
    }
    return {
      encoding: gsm ? "GSM-7" : "UCS-2",
      characters: characters.length,
      units: units,
      segments: segments,
      unicode: unicode
    };
  }

  // Invisible characters (tab, no-break space, zero-width joiner...) are shown as U+XXXX.
  function visible(character) {
    if (/^[\s\p{C}\p{M}]$/u.test(character)) {
      return "U+" + character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    }
    return character;
  }

  function fill(label, key, value) {
    if (label.indexOf(key) === -1) return value + " " + label;
    return label.split(key).join(value);
  }

  function setup(textarea) {
    var output = document.getElementById(textarea.getAttribute("data-sms-counter"));
    if (!output) return;
    var label = function (name) { return output.getAttribute("data-label-" + name) || ""; };
    var setting = function (name) {
      var value = textarea.getAttribute("data-sms-" + name);
      return value === null ? output.getAttribute("data-sms-" + name) : value;
    };
    if (!output.hasAttribute("aria-live")) output.setAttribute("aria-live", "polite");

    output.textContent = "";
    var summary = document.createElement("span");
    var unicode = document.createElement("span");
    var cost = document.createElement("span");
    [summary, unicode, cost].forEach(function (part, index) {
      if (index) output.appendChild(document.createTextNode(" "));
      output.appendChild(part);
    });

    var locale = document.documentElement.lang || undefined;
    var numbers = new Intl.NumberFormat(locale);

    function plural(name, n) {
      return fill((n === 1 && label(name + "-one")) || label(name), "{n}", numbers.format(n));
    }

    function update() {
      var info = count(textarea.value);
      summary.textContent =
        plural("characters", info.characters) + " \u00b7 " +
        plural("segments", info.segments) + " (" + info.encoding + ")";

      unicode.hidden = info.unicode.length === 0;
      unicode.textContent = unicode.hidden
        ? "" : fill(label("unicode"), "{chars}", info.unicode.map(visible).join(" "));

      var price = parseInt(setting("price-cents"), 10);
      var recipients = parseInt(setting("recipients"), 10);
      cost.hidden = isNaN(price) || isNaN(recipients);
      if (!cost.hidden) {
        var amount = new Intl.NumberFormat(locale, {
          style: "currency", currency: setting("currency") || "EUR"
        }).format((price * info.segments * recipients) / 100);
        cost.textContent = fill(label("cost"), "{amount}", amount);
      } else {
        cost.textContent = "";
      }
    }

    textarea.addEventListener("input", update);
    update();
  }

  function start() {
    document.querySelectorAll("textarea[data-sms-counter]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
