// A chart's words in English. The type makes a missing or misspelt key a
// compile error.

import type { Messages } from "../i18n";
import type { zhCN } from "./Chart.zh-CN";

export const en: Messages<typeof zhCN> = {
  "chart.data": "Data table",
  "chart.failed": "The chart could not load; the numbers are in the data table.",
  "chart.none": "—",
};
