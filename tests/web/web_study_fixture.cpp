// web_study_fixture DIR [REGULAR_ITEMS]: makes a workspace with the study "web" for the browser test and the load
// benchmark (the shell and Node drivers cannot make one themselves).
#include "tests/web/web_fixture.h"

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: web_study_fixture DIR [REGULAR_ITEMS]\n");
        return 2;
    }
    try {
        tastelab::tests::WebStudyShape shape;
        if (argc == 3) shape.regular = std::stoi(argv[2]);
        tastelab::tests::makeWebStudyWorkspace(argv[1], shape);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "web_study_fixture: %s\n", e.what());
        return 1;
    }
    return 0;
}
