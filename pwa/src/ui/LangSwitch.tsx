import { lang, setLang, t } from "../i18n";

/** Switches between Chinese and English; the label is in the other language, marked as such. */
export function LangSwitch() {
  const other = lang.value === "en" ? "zh-CN" : "en";
  return (
    <button type="button" class="btn btn--quiet" lang={other} onClick={() => setLang(other)}>
      {t("lang.switch")}
    </button>
  );
}
