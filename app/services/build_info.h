// Versions of TasteLab and the libraries it runs on, for --version and the About dialog.
// Free of Qt and torch headers so that any program may include it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tastelab::services {

struct Component {
    std::string name;
    std::string version;
};

std::string tastelabVersion();

// TasteLab, LibTorch, CUDA, OpenCV, SQLite and fmt, in that order. The GUI adds Qt.
std::vector<Component> components();

// Device names a setting may hold: "auto", "cpu", then "cuda:0" ... for each GPU present.
std::vector<std::string> computeDevices();

// "name version" lines, the names padded to one column.
std::string formatComponents(const std::vector<Component>& list);

}  // namespace tastelab::services
