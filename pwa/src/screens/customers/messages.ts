// The customer files' own words: the catalogues are messages.zh-CN.ts and
// messages.en.ts. The domain's words (needs, income bands, genders, file
// parts, kinds) come from data/labels, a file's gaps and details line from
// ui/customerFile.

import { translator } from "../../i18n";
import { en } from "./messages.en";
import { zhCN } from "./messages.zh-CN";

export const tr = translator({ "zh-CN": zhCN, en });
