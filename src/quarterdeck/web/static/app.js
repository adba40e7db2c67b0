// Quarterdeck's only script, and an optional one: every form works without it.
// It submits the week picker on change, and sends feedback without leaving the page.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const form of document.querySelectorAll("form[data-feedback]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = event.submitter;
      const body = new FormData(form);
      if (button && button.name) body.set(button.name, button.value);
      const said = form.querySelector("[data-feedback-said]");
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.error || response.statusText);
        said.textContent = "You said: ";
        const strong = document.createElement("strong");
        strong.textContent = answer.feedback.name;
        said.append(strong, " " + answer.feedback.at.slice(0, 16).replace("T", " "));
        said.dataset.value = answer.feedback.value;
      } catch (error) {
        said.textContent = "Not saved: " + error.message;
      }
    });
  }
});
