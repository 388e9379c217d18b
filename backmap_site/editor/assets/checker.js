// The plan editor's checker, off the page's thread: it keeps the plan's YAML document, applies the form's
// changes to its own copy of the data, writes the file, reads it back and checks it as `backmap validate`
// would. A plan of a thousand activities takes it half a second; typing meanwhile stays quick.
import { ReadError, readPlanText } from "./planfile.js";
import { PlanWriter } from "./planwriter.js";
import { apply } from "./planmodel.js";
import { checkPlan } from "./rules.js";

let format = null;
let ids = null;
let writer = null;
let data = null;

/** Messages, answered in order: `start` (the format and the content's ids), `open` (a plan's text, or a new
 * plan's header), `check` (the changes since the last, and what the checks need: file name, plans above). */
addEventListener("message", ({ data: message }) => {
  if (message.type === "start") {
    ({ format, ids } = message);
  } else if (message.type === "open") {
    const plan = message.text === undefined ? null : readPlanText(message.text);
    data = plan ? plan.data : message.data;
    writer = new PlanWriter(format, plan?.document ?? null, message.header ?? "");
  } else if (message.type === "check") {
    apply(data, message.changes);
    if (message.id) data.id = message.id; // a new plan's `id:` follows the id chosen for its file
    const text = writer.write(data);
    let problems;
    let readable = true;
    try {
      problems = checkPlan(readPlanText(text), { format, ids, fileName: message.fileName, plans: message.plans });
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      problems = [error.problem];
      readable = false;
    }
    postMessage({ serial: message.serial, text, problems, readable });
  }
});
