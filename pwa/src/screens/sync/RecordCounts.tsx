import { t } from "../../i18n";
import { counts } from "../../replica";
import { collectionLabel } from "./labels";

export function RecordCounts() {
  const rows = counts.value;
  return (
    <section class="card" aria-labelledby="records-title">
      <h2 id="records-title">{t("records.title")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t("records.empty")}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("records.collection")}</th>
              <th scope="col" class="num">
                {t("records.count")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, n]) => (
              <tr key={name}>
                <th scope="row">{collectionLabel(name)}</th>
                <td class="num">{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
