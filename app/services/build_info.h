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

// Where a compute-device setting runs the models on this machine: ok with "cpu" or "cuda:0 (LibTorch 2.5.1 with
// CUDA 12.4)", or not ok with the reason (model::resolveDevice's message), for the status bar and the reports.
struct ResolvedDevice {
    bool ok = false;
    std::string text;
};
ResolvedDevice resolveComputeDevice(const std::string& setting);

// "name version" lines, the names padded to one column.
std::string formatComponents(const std::vector<Component>& list);

}  // namespace tastelab::services
