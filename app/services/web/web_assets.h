// The participant page and the admin page (resources/web/), compiled into the program by embed_assets.cmake so that
// a served study needs no file besides the workspace and works on a closed network (no CDN).
#pragma once

#include <string_view>
#include <vector>

namespace tastelab::services::web {

struct WebAsset {
    std::string_view name;  // file name, e.g. "study.js"
    std::string_view body;
};

const std::vector<WebAsset>& webAssets();

}  // namespace tastelab::services::web
