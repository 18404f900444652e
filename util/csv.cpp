// RFC 4180 CSV: a single pass over the text that tracks the line number, so that each record and each error
// can name its place in the file.
#include "util/csv.h"

#include "util/utf8.h"

#include <fmt/format.h>

#include <utility>

namespace tastelab::util {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Returns the 1-based line of `offset`, counting LF, CRLF and a lone CR as one line end each.
std::size_t lineAt(std::string_view text, std::size_t offset)
{
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
    }
    return line;
}

std::size_t columnAt(std::string_view text, std::size_t offset)
{
    std::size_t lineStart = offset;
    while (lineStart > 0 && text[lineStart - 1] != '\n' && text[lineStart - 1] != '\r') --lineStart;
    return offset - lineStart + 1;
}

std::string normalizedKey(std::string_view name)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!name.empty() && isSpace(name.front())) name.remove_prefix(1);
    while (!name.empty() && isSpace(name.back())) name.remove_suffix(1);
    std::string key(name);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

std::string_view trimmed(std::string_view name)
{
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    return name;
}

void checkDelimiter(char delimiter)
{
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
        throw DataError(fmt::format("a CSV delimiter cannot be a quote or a line break (got byte 0x{:02X})",
            static_cast<unsigned char>(delimiter)));
    }
}

}  // namespace

std::vector<CsvRecord> parseCsv(std::string_view text, std::string_view sourceName, char delimiter)
{
    checkDelimiter(delimiter);
    if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
    if (const std::size_t bad = findInvalidUtf8(text); bad != std::string_view::npos) {
        throw FormatError(fmt::format("{}:{}: invalid UTF-8 (byte 0x{:02X} at byte {} of the line); save the file "
                                      "as UTF-8",
            sourceName, lineAt(text, bad), static_cast<unsigned char>(text[bad]), columnAt(text, bad)));
    }

    const std::size_t size = text.size();
    const auto isLineEnd = [](char c) { return c == '\n' || c == '\r'; };
    // Consumes one LF, CRLF or lone CR at `i`.
    const auto skipLineEnd = [&](std::size_t& i) {
        i += (text[i] == '\r' && i + 1 < size && text[i + 1] == '\n') ? 2 : 1;
    };

    std::vector<CsvRecord> records;
    std::size_t line = 1;
    std::size_t i = 0;
    while (i < size) {
        if (isLineEnd(text[i])) {  // a completely empty line
            skipLineEnd(i);
            ++line;
            continue;
        }
        CsvRecord record;
        record.line = line;
        for (;;) {
            const std::size_t fieldNumber = record.fields.size() + 1;
            std::string field;
            if (i < size && text[i] == '"') {
                const std::size_t openLine = line;
                ++i;
                for (;;) {
                    if (i >= size) {
                        throw FormatError(fmt::format("{}:{}: unbalanced quote (the quoted field opened on line {} "
                                                      "never closes)",
                            sourceName, openLine, openLine));
                    }
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < size && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    // Line ends inside quotes belong to the field, but still move the line count on.
                    if (c == '\n' || (c == '\r' && (i + 1 >= size || text[i + 1] != '\n'))) ++line;
                    field += c;
                    ++i;
                }
                if (i < size && text[i] != delimiter && !isLineEnd(text[i])) {
                    throw FormatError(fmt::format("{}:{}: text after the closing quote of field {} (a quoted field "
                                                  "must end at the delimiter or the line end; write a quote inside "
                                                  "it as \"\")",
                        sourceName, line, fieldNumber));
                }
            } else {
                const std::size_t start = i;
                while (i < size && text[i] != delimiter && !isLineEnd(text[i])) {
                    if (text[i] == '"') {
                        throw FormatError(fmt::format("{}:{}: quote inside an unquoted field (field {}); a field that "
                                                      "contains a quote must be quoted as a whole, with each quote "
                                                      "doubled: \"say \"\"hi\"\"\"",
                            sourceName, line, fieldNumber));
                    }
                    ++i;
                }
                field.assign(text.substr(start, i - start));
            }
            record.fields.push_back(std::move(field));
            if (i < size && text[i] == delimiter) {
                ++i;
                continue;
            }
            if (i < size) {
                skipLineEnd(i);
                ++line;
            }
            break;
        }
        records.push_back(std::move(record));
    }
    return records;
}

CsvTable::CsvTable(std::vector<CsvRecord> records, std::string sourceName)
    : sourceName_(std::move(sourceName))
{
    if (records.empty()) throw FormatError(fmt::format("{}: the file is empty (expected a header line)", sourceName_));
    header_ = std::move(records.front());
    rows_.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));

    keys_.reserve(header_.fields.size());
    for (std::size_t c = 0; c < header_.fields.size(); ++c) {
        std::string key = normalizedKey(header_.fields[c]);
        if (!key.empty()) {
            for (std::size_t earlier = 0; earlier < c; ++earlier) {
                if (keys_[earlier] == key) {
                    throw FormatError(fmt::format("{}:{}: column '{}' appears twice (columns {} and {}); rename one",
                        sourceName_, header_.line, trimmed(header_.fields[c]), earlier + 1, c + 1));
                }
            }
        }
        keys_.push_back(std::move(key));
    }
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const
{
    const std::string key = normalizedKey(name);
    if (key.empty()) return std::nullopt;
    for (std::size_t c = 0; c < keys_.size(); ++c) {
        if (keys_[c] == key) return c;
    }
    return std::nullopt;
}

std::size_t CsvTable::requireColumn(std::string_view name) const
{
    if (const auto found = column(name)) return *found;
    std::string columns;
    for (const std::string& field : header_.fields) {
        if (!columns.empty()) columns += ", ";
        columns += trimmed(field);
    }
    throw FormatError(
        fmt::format("{}:{}: missing column '{}' (columns are: {})", sourceName_, header_.line, trimmed(name), columns));
}

void CsvTable::requireRectangular() const
{
    const std::size_t expected = header_.fields.size();
    for (const CsvRecord& row : rows_) {
        if (row.fields.size() != expected) {
            throw FormatError(
                fmt::format("{}:{}: expected {} fields, found {}", sourceName_, row.line, expected, row.fields.size()));
        }
    }
}

std::string csvEscape(std::string_view field, char delimiter)
{
    checkDelimiter(delimiter);
    const bool needsQuotes = field.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string_view::npos
        || (!field.empty()
            && (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' || field.back() == '\t'))
        // A leading U+FEFF in the first field of a file would be read back as a byte order mark and dropped.
        || field.substr(0, 3) == "\xEF\xBB\xBF";
    if (!needsQuotes) return std::string(field);
    std::string quoted;
    quoted.reserve(field.size() + 2);
    quoted += '"';
    for (const char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

void appendCsvRow(std::string& out, const std::vector<std::string>& fields, char delimiter)
{
    if (fields.size() == 1 && fields.front().empty()) {
        out += "\"\"\n";
        return;
    }
    for (std::size_t c = 0; c < fields.size(); ++c) {
        if (c > 0) out += delimiter;
        out += csvEscape(fields[c], delimiter);
    }
    out += '\n';
}

}  // namespace tastelab::util
