// The admin screens' words: the catalogues are messages.zh-CN.ts and
// messages.en.ts. Roles come from the shell's catalogue (t("role.agent")),
// activity kinds and awards from data/labels.

import { translator } from "../../i18n";
import { en } from "./messages.en";
import { zhCN } from "./messages.zh-CN";

export const tr = translator({ "zh-CN": zhCN, en });
