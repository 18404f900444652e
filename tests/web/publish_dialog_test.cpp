// Study > Publish… on Qt's offscreen platform: the dialog serves the study on a background thread, shows the new
// links and the progress per participant, and stops.
#include "tests/support/test_support.h"
#include "tests/web/web_fixture.h"
#include "widgets/publish_dialog.h"

#include <QApplication>
#include <QSpinBox>
#include <QStandardItemModel>

#include <gtest/gtest.h>
#include <httplib.h>

namespace {

using namespace tastelab;

TEST(PublishDialog, ServesShowsLinksAndProgressAndStops)
{
    tastelab::testing::TempDir dir;
    tests::makeWebStudyWorkspace(dir.path() / "ws");
    widgets::PublishDialog dialog(QString::fromStdString((dir.path() / "ws").string()), QStringLiteral("web"));
    dialog.portBox()->setValue(0);  // any free port
    dialog.newParticipantsBox()->setValue(3);
    ASSERT_TRUE(dialog.start());
    ASSERT_TRUE(dialog.isServing());
    ASSERT_GT(dialog.port(), 0);
    EXPECT_EQ(dialog.shownLinks().count(QStringLiteral("/s/")), 3);

    httplib::Client client("127.0.0.1", dialog.port());
    const auto progress = client.Get("/admin/api/progress");
    ASSERT_TRUE(progress);
    EXPECT_EQ(progress->status, 200);
    dialog.refreshProgress();
    EXPECT_EQ(dialog.progressModel()->rowCount(), 3);

    dialog.stop();
    EXPECT_FALSE(dialog.isServing());
    EXPECT_FALSE(client.Get("/admin/api/progress")) << "the server stopped";
}

}  // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
