// Long-format export of answers: one row per answer (slider rating or pairwise choice) with every
// stored field, the person's pseudonym, and each image's hash and prompt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::storage {

class Database;

enum class ExportFormat { Csv, JsonLines };

struct ExportOptions {
    ExportFormat format = ExportFormat::Csv;
    std::optional<std::string> study;  // only answers given in this study (by name)
};

struct ExportSummary {
    std::int64_t ratings = 0;
    std::int64_t comparisons = 0;
};

// The columns of the export, in order (the CSV header, the JSON keys).
const std::vector<std::string>& exportColumns();

// Writes the whole export atomically: `file` holds the old content or the complete new one.
// Throws StorageError for an unknown study (naming it) or when the file cannot be written.
ExportSummary exportAnswers(Database& db, const ExportOptions& options, const std::filesystem::path& file);

}  // namespace tastelab::storage
