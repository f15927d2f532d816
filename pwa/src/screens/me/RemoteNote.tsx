// What a screen says about an answer from the server: that it is coming,
// how old the shown one is when it is not this visit's, and why a fresh
// one could not be had.

import { formatDateTime, messages } from "../../i18n";
import type { Remote } from "../../remote";

const tr = messages(
  {
    loading: "正在从服务器获取…",
    asOf: "数据截至 {time}。",
    offline: "现在离线，显示的是上次获取的结果。",
    error: "无法从服务器获取：{message}",
  },
  {
    loading: "Fetching from the server…",
    asOf: "As of {time}.",
    offline: "Offline: showing what was fetched last time.",
    error: "Could not fetch from the server: {message}",
  },
);

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
