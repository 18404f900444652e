// Reading a query's rows into values: the loops that every store wrote out again, kept beside the stores' own
// readers (`Person readPerson(const Statement&)` and the like) so that the SQL stays in the store.
#pragma once

#include "storage/statement.h"

#include <optional>
#include <type_traits>
#include <vector>

namespace tastelab::storage {

// The next row of `s` read with `read`, or nothing when the query has no more rows.
template <typename Read>
auto firstRow(Statement& s, Read read) -> std::optional<std::invoke_result_t<Read, const Statement&>>
{
    if (!s.step()) return std::nullopt;
    return read(static_cast<const Statement&>(s));
}

// Every remaining row of `s`, each read with `read`, in the query's order.
template <typename Read>
auto allRows(Statement& s, Read read) -> std::vector<std::invoke_result_t<Read, const Statement&>>
{
    std::vector<std::invoke_result_t<Read, const Statement&>> out;
    while (s.step()) out.push_back(read(static_cast<const Statement&>(s)));
    return out;
}

}  // namespace tastelab::storage
