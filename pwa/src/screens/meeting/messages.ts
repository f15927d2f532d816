// Meeting mode's words: its catalogues are messages.zh-CN.ts and messages.en.ts.

import { translator } from "../../i18n";
import { en } from "./messages.en";
import { zhCN } from "./messages.zh-CN";

export const tr = translator({ "zh-CN": zhCN, en });
