// Answers to CSV or JSON Lines. Both kinds share one column list; fields that do not apply are empty
// (CSV) or null (JSON). Text is always written as valid UTF-8: a byte that is not (an image's original file name
// may hold any bytes) becomes U+FFFD.
#include "storage/export.h"

#include "storage/database.h"
#include "storage/storage_error.h"
#include "util/atomic_file.h"
#include "util/csv.h"
#include "util/json.h"
#include "util/text_safety.h"

#include <fmt/format.h>

namespace tastelab::storage {
namespace {

enum class ColumnType { Text, Integer, Real, Flag };

struct Column {
    const char* name;
    ColumnType type;
};

// Keep in the order of the SELECT lists below.
const std::vector<Column> kColumns = {
    {"kind", ColumnType::Text},
    {"answer_id", ColumnType::Integer},
    {"person", ColumnType::Text},
    {"person_role", ColumnType::Text},
    {"study", ColumnType::Text},
    {"session_id", ColumnType::Integer},
    {"trial_position", ColumnType::Integer},
    {"image_sha256", ColumnType::Text},
    {"image_name", ColumnType::Text},
    {"prompt", ColumnType::Text},
    {"value", ColumnType::Real},
    {"start_position", ColumnType::Real},
    {"slider_moved", ColumnType::Flag},
    {"left_image_sha256", ColumnType::Text},
    {"left_prompt", ColumnType::Text},
    {"right_image_sha256", ColumnType::Text},
    {"right_prompt", ColumnType::Text},
    {"choice", ColumnType::Text},
    {"chosen_image_sha256", ColumnType::Text},
    {"response_ms", ColumnType::Integer},
    {"shown_at", ColumnType::Text},
    {"answered_at", ColumnType::Text},
    {"is_repeat", ColumnType::Flag},
    {"is_catch", ColumnType::Flag},
    {"revises_id", ColumnType::Integer},
    {"superseded", ColumnType::Flag},
    {"retracted", ColumnType::Flag},
    {"chosen_by", ColumnType::Text},
    {"client_response_ms", ColumnType::Integer},
    {"source", ColumnType::Text},
    {"original_value", ColumnType::Real},
    {"scale_min", ColumnType::Real},
    {"scale_max", ColumnType::Real},
};

constexpr const char* kRatingsQuery = R"sql(
    SELECT 'rating', r.id, p.pseudonym, p.role, st.name, r.session_id, r.trial_position,
           i.sha256, i.original_name, i.prompt, r.value, r.start_position, r.slider_moved,
           NULL, NULL, NULL, NULL, NULL, NULL,
           r.response_ms, r.shown_at, r.answered_at, r.is_repeat, r.is_catch, r.revises_id,
           EXISTS (SELECT 1 FROM ratings later WHERE later.revises_id = r.id), r.retracted,
           r.chosen_by, r.client_response_ms,
           r.source, r.original_value, r.scale_min, r.scale_max
    FROM ratings r
    JOIN people p ON p.id = r.person_id
    JOIN images i ON i.id = r.image_id
    LEFT JOIN studies st ON st.id = r.study_id
    WHERE ?1 IS NULL OR st.name = ?1
    ORDER BY r.id)sql";

constexpr const char* kComparisonsQuery = R"sql(
    SELECT 'comparison', c.id, p.pseudonym, p.role, st.name, c.session_id, c.trial_position,
           NULL, NULL, NULL, NULL, NULL, NULL,
           l.sha256, l.prompt, rt.sha256, rt.prompt, c.choice,
           CASE c.choice WHEN 'left' THEN l.sha256 WHEN 'right' THEN rt.sha256 END,
           c.response_ms, c.shown_at, c.answered_at, c.is_repeat, c.is_catch, c.revises_id,
           EXISTS (SELECT 1 FROM comparisons later WHERE later.revises_id = c.id), c.retracted,
           c.chosen_by, c.client_response_ms,
           c.source, NULL, NULL, NULL
    FROM comparisons c
    JOIN people p ON p.id = c.person_id
    JOIN images l ON l.id = c.left_image_id
    JOIN images rt ON rt.id = c.right_image_id
    LEFT JOIN studies st ON st.id = c.study_id
    WHERE ?1 IS NULL OR st.name = ?1
    ORDER BY c.id)sql";

// Reals print with the shortest text that reads back to the same double.
std::string realText(double value)
{
    return fmt::format("{}", value);
}

void appendRow(std::string& out, const Statement& s, ExportFormat format)
{
    if (format == ExportFormat::Csv) {
        std::vector<std::string> fields;
        fields.reserve(kColumns.size());
        for (std::size_t i = 0; i < kColumns.size(); ++i) {
            const int c = static_cast<int>(i);
            if (s.isNull(c)) {
                fields.emplace_back();
            } else if (kColumns[i].type == ColumnType::Real) {
                fields.push_back(realText(s.columnDouble(c)));
            } else {
                fields.push_back(util::toValidUtf8(s.columnText(c)));
            }
        }
        util::appendCsvRow(out, fields);
        return;
    }
    util::JsonValue::Object object;
    object.reserve(kColumns.size());
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        const int c = static_cast<int>(i);
        util::JsonValue value;
        if (!s.isNull(c)) {
            switch (kColumns[i].type) {
            case ColumnType::Text:
                value = util::JsonValue(util::toValidUtf8(s.columnText(c)));
                break;
            case ColumnType::Integer:
                value = util::JsonValue(static_cast<std::int64_t>(s.columnInt(c)));
                break;
            case ColumnType::Real:
                value = util::JsonValue(s.columnDouble(c));
                break;
            case ColumnType::Flag:
                value = util::JsonValue(s.columnInt(c) != 0);
                break;
            }
        }
        object.emplace_back(kColumns[i].name, std::move(value));
    }
    out += util::toJson(util::JsonValue(std::move(object)));
    out += '\n';
}

std::int64_t writeRows(Database& db, const char* query, const ExportOptions& options, util::AtomicFile& file)
{
    auto s = db.prepare(query);
    s.bind(1, options.study);
    std::string buffer;
    std::int64_t rows = 0;
    while (s.step()) {
        appendRow(buffer, s, options.format);
        ++rows;
        if (buffer.size() > (1u << 20)) {
            file.write(buffer);
            buffer.clear();
        }
    }
    file.write(buffer);
    return rows;
}

}  // namespace

const std::vector<std::string>& exportColumns()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const Column& c : kColumns) out.emplace_back(c.name);
        return out;
    }();
    return names;
}

ExportSummary exportAnswers(Database& db, const ExportOptions& options, const std::filesystem::path& file)
{
    if (options.study) {
        auto s = db.prepare("SELECT 1 FROM studies WHERE name = ?1");
        s.bind(1, *options.study);
        if (!s.step()) throw StorageError(fmt::format("there is no study named '{}'", *options.study));
    }
    // One read transaction: both queries see the same snapshot while others keep writing.
    db.exec("BEGIN");
    try {
        util::AtomicFile out(file);
        if (options.format == ExportFormat::Csv) {
            std::string header;
            util::appendCsvRow(header, exportColumns());
            out.write(header);
        }
        ExportSummary summary;
        summary.ratings = writeRows(db, kRatingsQuery, options, out);
        summary.comparisons = writeRows(db, kComparisonsQuery, options, out);
        db.exec("COMMIT");
        out.commit();
        return summary;
    } catch (...) {
        if (db.inTransaction()) db.exec("ROLLBACK");
        throw;
    }
}

}  // namespace tastelab::storage
