/* The survey script of an effort, walked with branching.

   The script is the effort's list of questions: {key, text: {lang: text}, kind: "single" |
   "multi" | "text", choices: [{key, text, next}], sensitive, next, end}. After a question the
   script goes to the "next" of the chosen choice (single choice), else the question's own
   "next", else the question that follows in the list; "end" (or a question marked end) stops.
   Only the questions on the path of the answers given are shown, and only their answers are
   kept when the visit is saved. */

export function localized(texts, language) {
  if (!texts) return "";
  if (typeof texts === "string") return texts;
  return texts[language] || texts.en || texts.fr || texts.de || Object.values(texts)[0] || "";
}

function following(script, question, answer) {
  if (question.end) return null;
  let next = "";
  if (question.kind === "single" && answer) {
    const choice = (question.choices || []).find((c) => c.key === answer);
    if (choice && choice.end) return null;
    next = (choice && choice.next) || "";
  }
  next = next || question.next || "";
  if (next === "end") return null;
  if (next) return script.find((q) => q.key === next) || null;
  const index = script.indexOf(question);
  return script[index + 1] || null;
}

/* The questions to show for these answers, in order: stops at an unanswered single choice
   (what comes next depends on it), at the end, or at a loop. */
export function questionPath(script, answers) {
  const path = [];
  const seen = new Set();
  let question = script && script.length ? script[0] : null;
  while (question && !seen.has(question.key)) {
    seen.add(question.key);
    path.push(question);
    const answer = answers[question.key];
    if (question.kind === "single" && !answer) break;
    question = following(script, question, answer);
  }
  return path;
}

/* The answers on the path only, without empty ones. */
export function keptAnswers(script, answers) {
  const kept = {};
  for (const question of questionPath(script, answers)) {
    const value = answers[question.key];
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
    kept[question.key] = typeof value === "string" ? value.trim() : value;
  }
  return kept;
}

export function pathEnds(script, answers) {
  const path = questionPath(script, answers);
  if (!path.length) return true;
  const last = path[path.length - 1];
  if (last.kind === "single" && !answers[last.key]) return false;
  return !following(script, last, answers[last.key]) || path.length === script.length;
}
