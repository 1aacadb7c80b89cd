/// How `quarry` prints results (`--format`).
///
/// - `text`: for people. Colour and bold only when stdout is a terminal and `NO_COLOR` is unset.
/// - `json`: one object per invocation, the reply as CONTRACT "Records" says; with `--all` the streamed
///   reply lines are collected and printed as one object at the end (use `ndjson` to stream).
/// - `ndjson`: one record per line, each with `format_version` (and `query` under `--stdin`); printed
///   as the records arrive.
/// - `tsv`: a header line with the CONTRACT columns, then one record per line; `\`, tab, newline and
///   carriage return inside values are written `\\`, `\t`, `\n`, `\r`; a missing value is empty.
///
/// In the machine formats a snippet's matches are wrapped in `**` … `**` (Markdown bold); see
/// `SnippetStyle`.
package enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, ndjson, tsv
}
