// Customer files (客户档案). `#/customers` is the list with the team's
// completeness aim, `#/customers/new` makes a file by hand (most come from
// Plan 100), `#/customers/<id>` is one file with its interaction history.

import { useMemo } from "preact/hooks";
import { records } from "../../data";
import { go, href } from "../../router";
import { newUUID, type Fields } from "../../sync";
import { useConsent } from "../../ui/Consent";
import { CustomerFile } from "./CustomerFile";
import { CustomerForm } from "./CustomerForm";
import { CustomerList } from "./CustomerList";
import { EMPTY_CUSTOMER } from "./draft";
import { tr } from "./messages";

export default function CustomersScreen({ params }: { params: string[] }) {
  const id = params[0];
  if (id === "new") return <NewCustomer />;
  // Keyed, so going from one file to another starts with fresh state.
  if (id) return <CustomerFile key={id} id={id} />;
  return <CustomerList />;
}

/**
 * A new file, then straight to it, to record the first interaction. Its id
 * is chosen first, so that consent recorded while the form is open is the
 * new customer's.
 */
function NewCustomer() {
  const id = useMemo(() => newUUID(), []);
  const consent = useConsent("customers", id);
  const create = async (fields: Fields) => {
    await records().put("customers", id, fields);
    go("customers", id);
  };
  return (
    <main class="page">
      <a class="customers-back" href={href("customers")}>
        {tr("back")}
      </a>
      <h1>{tr("newTitle")}</h1>
      <CustomerForm initial={EMPTY_CUSTOMER} draftKey="customers:new" submitLabel={tr("create")} consent={consent} onSave={create} />
      {consent.sheet}
    </main>
  );
}
