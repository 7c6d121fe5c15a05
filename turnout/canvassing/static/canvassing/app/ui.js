/* Building the screens without HTML strings (no innerHTML of data) and without inline style:
   h("button", {class: "big", onclick: f}, "text", child, ...). */

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (all, key) =>
    key in values ? String(values[key]) : all
  );
}

/* A translated string from the shell's JSON; plurals pick their form for n. */
export function translator(strings, language) {
  const rules = new Intl.PluralRules(language);
  return function t(key, values = {}) {
    let text = strings[key];
    if (text === undefined) return key;
    if (typeof text === "object") {
      text = text[rules.select(values.n ?? 0)] || text.other;
    }
    return format(text, values);
  };
}

let fieldCount = 0;

/* A labelled field with its help and error, the label tied to the input. */
export function field(labelText, input, { help, error } = {}) {
  fieldCount += 1;
  const id = input.id || `f${fieldCount}`;
  input.id = id;
  const helpId = help ? `${id}-help` : null;
  const errorId = error ? `${id}-error` : null;
  const described = [helpId, errorId].filter(Boolean).join(" ");
  if (described) input.setAttribute("aria-describedby", described);
  if (error) input.setAttribute("aria-invalid", "true");
  return h(
    "div",
    { class: error ? "app-field has-error" : "app-field" },
    h("label", { for: id }, labelText),
    help && h("p", { class: "app-help", id: helpId }, help),
    input,
    error && h("p", { class: "app-error", id: errorId, role: "alert" }, error)
  );
}
