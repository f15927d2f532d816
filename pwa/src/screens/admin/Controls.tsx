// The controls the admin forms share: a user's name, the team and role
// selects, the time zone (common zones, or any IANA name typed in), and a
// password typed twice.

import type { Role } from "../../api";
import { t } from "../../i18n";
import { Field } from "../../ui/Field";
import { describedBy, FieldError } from "./FieldError";
import { tr } from "./messages";
import { MIN_PASSWORD_LENGTH, MAX_PASSWORD_BYTES } from "./password";
import type { Problem } from "./problems";
import { NAME_MAX, needsTeam, ROLES, type Team } from "./users";

export function roleLabel(role: Role): string {
  return t(`role.${role}`);
}

/** A user's name as the others see it, with a hint under it when hintText is given. */
export function NameField(props: {
  id: string;
  value: string;
  problem?: Problem | undefined;
  hintText?: string;
  onChange: (name: string) => void;
}) {
  const hint = props.hintText ? `${props.id}-hint` : undefined;
  return (
    <Field id={props.id} label={tr("name")}>
      <input
        id={props.id}
        value={props.value}
        autoComplete="off"
        maxLength={NAME_MAX}
        data-testid="user-name"
        onInput={(e) => props.onChange(e.currentTarget.value)}
        {...describedBy(props.id, props.problem, hint)}
      />
      {props.hintText && (
        <p class="muted admin-hint" id={hint}>
          {props.hintText}
        </p>
      )}
      <FieldError id={props.id} problem={props.problem} />
    </Field>
  );
}

export function RoleSelect(props: {
  id: string;
  value: Role;
  disabled?: boolean;
  problem?: Problem | undefined;
  hint?: string;
  onChange: (r: Role) => void;
}) {
  return (
    <Field id={props.id} label={tr("role")}>
      <select
        id={props.id}
        value={props.value}
        disabled={props.disabled}
        data-testid="user-role"
        onChange={(e) => props.onChange(e.currentTarget.value as Role)}
        {...describedBy(props.id, props.problem, props.hint)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      <FieldError id={props.id} problem={props.problem} />
    </Field>
  );
}

/**
 * The team select: "choose a team" while none is chosen for a role that
 * needs one, "no team" for an admin.
 */
export function TeamSelect(props: {
  id: string;
  role: Role;
  value: string;
  teams: readonly Team[];
  problem?: Problem | undefined;
  /** The id of a hint elsewhere on the page. */
  hint?: string | undefined;
  /** A hint to show under the select. */
  hintText?: string;
  onChange: (teamId: string) => void;
}) {
  const hint = props.hintText ? `${props.id}-hint` : props.hint;
  const known = props.value === "" || props.teams.some((tm) => tm.id === props.value);
  return (
    <Field id={props.id} label={tr("team")}>
      <select
        id={props.id}
        value={props.value}
        data-testid="user-team"
        onChange={(e) => props.onChange(e.currentTarget.value)}
        {...describedBy(props.id, props.problem, hint)}
      >
        {(props.value === "" || !needsTeam(props.role)) && <option value="">{needsTeam(props.role) ? tr("chooseTeam") : tr("noTeam")}</option>}
        {!known && <option value={props.value}>{tr("unknownTeam")}</option>}
        {props.teams.map((tm) => (
          <option key={tm.id} value={tm.id}>
            {tm.name}
          </option>
        ))}
      </select>
      {props.hintText && (
        <p class="muted admin-hint" id={hint}>
          {props.hintText}
        </p>
      )}
      <FieldError id={props.id} problem={props.problem} />
    </Field>
  );
}

/** Zones an insurance team in China and its neighbours is likely in; any other is typed in. */
export const COMMON_ZONES = [
  "Asia/Shanghai",
  "Asia/Urumqi",
  "Asia/Hong_Kong",
  "Asia/Macau",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Kuala_Lumpur",
  "Asia/Bangkok",
  "Asia/Jakarta",
  "Asia/Manila",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Asia/Dubai",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Australia/Sydney",
  "UTC",
] as const;

const OTHER = "__other";

/** "Asia/Shanghai (GMT+8)": the offset now, where this browser knows the zone. */
function zoneLabel(zone: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(new Date());
    const offset = parts.find((p) => p.type === "timeZoneName")?.value;
    return offset ? `${zone} (${offset})` : zone;
  } catch {
    return zone;
  }
}

/**
 * A time zone: a select of common zones and "other…", which shows a text
 * field for any IANA name (the server checks it). other says whether the
 * text field shows; the caller keeps it, so that choosing "other" with the
 * current value still a common zone is possible.
 */
export function TimeZoneField(props: {
  id: string;
  value: string;
  other: boolean;
  label?: string;
  /** The id of a hint that says what the zone is for. */
  hint?: string;
  problem?: Problem | undefined;
  testid?: string;
  onChange: (value: string, other: boolean) => void;
}) {
  const { id, value, other, problem } = props;
  const common = (COMMON_ZONES as readonly string[]).includes(value);
  const showText = other || !common;
  return (
    <>
      <Field id={id} label={props.label ?? tr("timeZone")}>
        <select
          id={id}
          value={showText ? OTHER : value}
          data-testid={props.testid}
          onChange={(e) => {
            const v = e.currentTarget.value;
            props.onChange(v === OTHER ? value : v, v === OTHER);
          }}
          {...describedBy(id, showText ? undefined : problem, props.hint)}
        >
          {COMMON_ZONES.map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z)}
            </option>
          ))}
          <option value={OTHER}>{tr("tzOther")}</option>
        </select>
        {!showText && <FieldError id={id} problem={problem} />}
      </Field>
      {showText && (
        <Field id={`${id}-name`} label={tr("tzName")}>
          <input
            id={`${id}-name`}
            value={value}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            maxLength={64}
            placeholder="Asia/Shanghai"
            data-testid={props.testid && `${props.testid}-name`}
            onInput={(e) => props.onChange(e.currentTarget.value, true)}
            {...describedBy(`${id}-name`, problem)}
          />
          <FieldError id={`${id}-name`} problem={problem} />
        </Field>
      )}
    </>
  );
}

/** A new password and its repetition. */
export function PasswordFields(props: {
  id: string;
  label: string;
  password: string;
  again: string;
  problems: { password?: Problem | undefined; again?: Problem | undefined };
  testid?: string;
  onChange: (password: string, again: string) => void;
}) {
  const { id, password, again, problems } = props;
  const hint = `${id}-hint`;
  return (
    <>
      <Field id={id} label={props.label}>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={password}
          maxLength={MAX_PASSWORD_BYTES}
          data-testid={props.testid}
          onInput={(e) => props.onChange(e.currentTarget.value, again)}
          {...describedBy(id, problems.password, hint)}
        />
        <p class="muted admin-hint" id={hint}>
          {tr("passwordHint", { min: MIN_PASSWORD_LENGTH })}
        </p>
        <FieldError id={id} problem={problems.password} />
      </Field>
      <Field id={`${id}-again`} label={tr("passwordAgain")}>
        <input
          id={`${id}-again`}
          type="password"
          autoComplete="new-password"
          value={again}
          maxLength={MAX_PASSWORD_BYTES}
          data-testid={props.testid && `${props.testid}-again`}
          onInput={(e) => props.onChange(password, e.currentTarget.value)}
          {...describedBy(`${id}-again`, problems.again)}
        />
        <FieldError id={`${id}-again`} problem={problems.again} />
      </Field>
    </>
  );
}
