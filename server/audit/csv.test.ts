import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

describe("csv", () => {
  it("quotes commas, quotes and line breaks, and leaves plain text alone", () => {
    expect(csvCell("plain text")).toBe("plain text");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvCell(null)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}SUM(A1)`).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes records a real CSV parser reads back", () => {
    const cells = ["id", 'he said "no", then\r\nleft', "-1", "naïve ☃", "", "x,y"];
    const text = csvLine(cells) + csvLine(["1", "2", "3", "4", "5", "6"]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parse(text)).toEqual([["id", 'he said "no", then\r\nleft', "'-1", "naïve ☃", "", "x,y"], ["1", "2", "3", "4", "5", "6"]]);
  });
});
