// A table drawn as a PNG for the team's chat group (the weekly standings):
// the canvas 2D API and the phone's own fonts (Chinese through the system's
// CJK font), no library. Loaded with import() when the supervisor asks for
// the image, so it weighs nothing until then. The layout is pure
// (imageHeight, columnLefts), so the Node tests check it; drawing needs a
// browser.

/** The image's width in pixels: what chat apps show full width on a phone without scaling up. */
export const IMAGE_WIDTH = 1080;
const PAD = 56;
const HEAD = 236;
const ROW = 88;
const FOOT = 132;
const LEAD = 72;
const FONT = `"PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif`;

const BRAND = "#0f4c81";
const TEXT = "#1b1f24";
const MUTED = "#4a5560";
const LINE = "#d5dae0";
const STRIPE = "#f3f6f9";
const MEDALS = ["#b8860b", "#7a8591", "#a0522d"];

export interface ShareColumn {
  label: string;
  /** The column's share of the table's width (the shares sum to 1). */
  share: number;
  align: "left" | "right";
  /** The rows' cells in bold (rank, name, score). */
  bold?: boolean;
}

/** What the image shows: a title, a line under it, the table, a note and a footer. */
export interface ShareTable {
  title: string;
  subtitle: string;
  /** A line in large type under the subtitle (the day's focus); may be "". */
  lead: string;
  /** The column that names the agent (a name, or an alias). */
  who: number;
  columns: readonly ShareColumn[];
  /** Each row's cells, in the columns' order; rank is 1, 2, 3… for the medals. */
  rows: readonly { rank: number; cells: readonly string[] }[];
  /** Under the table (e.g. that names are hidden); may be "". */
  note: string;
  footer: string;
}

/** The image's height for n rows: the heading (and the lead line, if any), the column heads, one band per row, the footer. */
export function imageHeight(rows: number, lead = false): number {
  return HEAD + (lead ? LEAD : 0) + ROW * (rows + 1) + FOOT;
}

/** Where each column starts, from the left edge of the image. */
export function columnLefts(columns: readonly ShareColumn[]): number[] {
  const inner = IMAGE_WIDTH - 2 * PAD;
  let x = PAD;
  return columns.map((c) => {
    const at = x;
    x += c.share * inner;
    return Math.round(at);
  });
}

/** The table as a PNG image, IMAGE_WIDTH wide. */
export function tableImage(table: ShareTable): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = IMAGE_WIDTH;
  canvas.height = imageHeight(table.rows.length, table.lead !== "");
  const g = canvas.getContext("2d");
  if (!g) return Promise.reject(new Error("this browser cannot draw images"));
  draw(g, table);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error("the image could not be made"))), "image/png"));
}

function draw(g: CanvasRenderingContext2D, table: ShareTable): void {
  const w = IMAGE_WIDTH;
  const h = imageHeight(table.rows.length, table.lead !== "");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, w, h);
  g.fillStyle = BRAND;
  g.fillRect(0, 0, w, 16);

  g.textBaseline = "middle";
  g.fillStyle = TEXT;
  g.font = `700 56px ${FONT}`;
  g.fillText(fit(g, table.title, w - 2 * PAD), PAD, 104);
  g.fillStyle = MUTED;
  g.font = `400 34px ${FONT}`;
  g.fillText(fit(g, table.subtitle, w - 2 * PAD), PAD, 172);
  if (table.lead) {
    g.fillStyle = BRAND;
    g.font = `700 40px ${FONT}`;
    g.fillText(fit(g, table.lead, w - 2 * PAD), PAD, 172 + LEAD);
  }

  const lefts = columnLefts(table.columns);
  const inner = w - 2 * PAD;
  const cell = (text: string, i: number, y: number) => {
    const c = table.columns[i]!;
    const width = c.share * inner - 16;
    const t = fit(g, text, width);
    if (c.align === "right") {
      g.textAlign = "right";
      g.fillText(t, lefts[i]! + c.share * inner - 8, y);
    } else {
      g.textAlign = "left";
      g.fillText(t, lefts[i]! + 8, y);
    }
  };

  let y = HEAD + (table.lead ? LEAD : 0);
  g.fillStyle = BRAND;
  g.fillRect(PAD, y, inner, ROW);
  g.fillStyle = "#ffffff";
  table.columns.forEach((c, i) => {
    // A narrow column's head in smaller type before it is cut (seven kinds of activity side by side).
    let size = 32;
    do g.font = `700 ${size}px ${FONT}`;
    while (size-- > 18 && g.measureText(c.label).width > c.share * inner - 16);
    cell(c.label, i, y + ROW / 2);
  });
  y += ROW;

  table.rows.forEach((r, n) => {
    if (n % 2 === 1) {
      g.fillStyle = STRIPE;
      g.fillRect(PAD, y, inner, ROW);
    }
    g.fillStyle = LINE;
    g.fillRect(PAD, y + ROW - 2, inner, 2);
    const medal = r.rank >= 1 && r.rank <= 3 ? MEDALS[r.rank - 1] : undefined;
    r.cells.forEach((text, i) => {
      g.fillStyle = i === 0 && medal ? medal : TEXT;
      g.font = table.columns[i]?.bold ? `700 36px ${FONT}` : `400 32px ${FONT}`;
      cell(text, i, y + ROW / 2);
    });
    y += ROW;
  });

  g.textAlign = "left";
  g.fillStyle = MUTED;
  g.font = `400 28px ${FONT}`;
  if (table.note) g.fillText(fit(g, table.note, inner), PAD, y + 44);
  g.fillText(fit(g, table.footer, inner), PAD, y + 92);
}

/** text, cut with an ellipsis to fit width at the current font. */
function fit(g: CanvasRenderingContext2D, text: string, width: number): string {
  if (g.measureText(text).width <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && g.measureText(`${chars.join("")}…`).width > width) chars.pop();
  return `${chars.join("")}…`;
}
