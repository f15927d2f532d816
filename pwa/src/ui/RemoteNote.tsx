// What a screen says about an answer from the server: that it is coming,
// how old the shown one is when it is not this visit's, and why a fresh
// one could not be had.

import { formatDateTime, translator } from "../i18n";
import type { Remote } from "../remote";
import { en } from "./RemoteNote.en";
import { zhCN } from "./RemoteNote.zh-CN";

const tr = translator({ "zh-CN": zhCN, en });

export function RemoteNote<T>({ remote }: { remote: Remote<T> }) {
  return (
    <>
      {remote.loading && !remote.value && (
        <p class="muted" role="status">
          {tr("loading")}
        </p>
      )}
      {remote.value && !remote.fresh && remote.at !== null && (
        <p class="notice" role="status" data-testid="as-of">
          {remote.offline && `${tr("offline")} `}
          {tr("asOf", { time: formatDateTime(remote.at) })}
        </p>
      )}
      {remote.error && (
        <p class="error" role="alert">
          {tr("error", { message: remote.error })}
        </p>
      )}
    </>
  );
}
