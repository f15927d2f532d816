// A form field's words (the problems of a value) in Simplified Chinese, the
// default language. `{name}` marks a parameter; Field.en.ts must have every
// key.

export const zhCN = {
  required: "必填。",
  tooLong: "最多 {max} 个字。",
  phone: "电话只能有数字、空格和短横线，可以用 + 开头。",
  range: "请填 {min} 到 {max} 的整数。",
};
