// RFC 4180 CSV reading and writing for manifests and exports: records keep their line numbers so that
// every error names the place in the file, and text must be UTF-8.
#pragma once

#include "util/format_error.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::util {

struct CsvRecord {
    std::size_t line = 0;  // 1-based line on which the record starts
    std::vector<std::string> fields;
};

// Parses a whole document. Handles an optional UTF-8 BOM (stripped), LF, CRLF and lone CR line ends,
// quoted fields with "" escapes, delimiters and newlines inside quotes (kept as they are; the record keeps
// its start line), a final record without a trailing newline, and skips completely empty lines.
// Throws FormatError "<sourceName>:<line>: <problem>" for invalid UTF-8, an unbalanced quote (naming the
// line where the quote opened), a quote inside an unquoted field, and text after a closing quote.
std::vector<CsvRecord> parseCsv(std::string_view text, std::string_view sourceName, char delimiter = ',');

// A header-aware view: the first record is the header; columns are looked up by name, ignoring ASCII case
// and surrounding whitespace.
class CsvTable {
public:
    // Throws FormatError when there are no records ("<name>: the file is empty") or a header name repeats.
    CsvTable(std::vector<CsvRecord> records, std::string sourceName);

    const std::vector<std::string>& header() const { return header_.fields; }
    // Empty header names are never found.
    std::optional<std::size_t> column(std::string_view name) const;
    // Throws FormatError "<name>:<header line>: missing column 'x' (columns are: a, b, c)".
    std::size_t requireColumn(std::string_view name) const;
    // The records after the header.
    const std::vector<CsvRecord>& rows() const { return rows_; }
    // Throws FormatError "<name>:<line>: expected N fields, found M" for the first row whose field count
    // differs from the header's.
    void requireRectangular() const;
    const std::string& sourceName() const { return sourceName_; }

private:
    CsvRecord header_;
    std::vector<std::string> keys_;  // header names trimmed and lowercased, for lookup
    std::vector<CsvRecord> rows_;
    std::string sourceName_;
};

// Quotes a field only when needed: it contains the delimiter, a quote, CR or LF, starts or ends with a space or
// tab (which many readers would trim), or starts with U+FEFF (which parseCsv strips as a BOM at the start of a file).
std::string csvEscape(std::string_view field, char delimiter = ',');
// Appends one record and "\n" to `out`. A record of one empty field is written as "" so that it is not read
// back as an empty line, which parseCsv skips.
void appendCsvRow(std::string& out, const std::vector<std::string>& fields, char delimiter = ',');

}  // namespace tastelab::util
