// `aws logs filter-log-events` output, printed as the AWS CLI does (4-space indentation).

import type { SynthEvent } from "../events";
import { renderMessage } from "../messages";
import type { LineOptions } from "./text-lines";
import { eventId, ingestionTime } from "./chunks";

export function* filterLogEventsJson(
  events: Iterable<SynthEvent>,
  options: LineOptions = {},
): Generator<string, void, undefined> {
  const format = options.messageFormat ?? "text";
  yield '{\n    "events": [';
  let n = 0;
  for (const e of events) {
    const message = renderMessage(e, format);
    if (message === null) continue;
    yield `${n === 0 ? "\n" : ",\n"}        {
            "logStreamName": ${JSON.stringify(e.logStream)},
            "timestamp": ${e.timestamp},
            "message": ${JSON.stringify(message)},
            "ingestionTime": ${ingestionTime(e.timestamp, n)},
            "eventId": "${eventId(e.timestamp, n)}"
        }`;
    n++;
  }
  yield `${n === 0 ? "" : "\n    "}],\n    "searchedLogStreams": []\n}\n`;
}
