<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddStudyItemsCommand</name>
    <message numerus="yes">
        <source>Add %n item(s)</source>
        <translation>
            <numerusform>Add %n item</numerusform>
            <numerusform>Add %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n catch item(s)</source>
        <translation>
            <numerusform>Add %n catch item</numerusform>
            <numerusform>Add %n catch items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n practice item(s)</source>
        <translation>
            <numerusform>Add %n practice item</numerusform>
            <numerusform>Add %n practice items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoveStudyItemsCommand</name>
    <message numerus="yes">
        <source>Remove %n item(s)</source>
        <translation>
            <numerusform>Remove %n item</numerusform>
            <numerusform>Remove %n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::gui::BackgroundTask</name>
    <message numerus="yes">
        <source>About %n s left</source>
        <translation>
            <numerusform>About %n s left</numerusform>
            <numerusform>About %n s left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %n min left</source>
        <translation>
            <numerusform>About %n min left</numerusform>
            <numerusform>About %n min left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %n h left</source>
        <translation>
            <numerusform>About %n h left</numerusform>
            <numerusform>About %n h left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ArtistPage</name>
    <message numerus="yes">
        <source>%n image(s) left to rate</source>
        <translation>
            <numerusform>%n image left to rate</numerusform>
            <numerusform>%n images left to rate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) left out because their files changed on disk: %1</source>
        <translation>
            <numerusform>%n image left out because its file changed on disk: %1</numerusform>
            <numerusform>%n images left out because their files changed on disk: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your personal model predicts %1 for this image (learnt from %n answer(s), updated in %2 ms).</source>
        <translation>
            <numerusform>Your personal model predicts %1 for this image (learnt from %n answer, updated in %2 ms).</numerusform>
            <numerusform>Your personal model predicts %1 for this image (learnt from %n answers, updated in %2 ms).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::GeneratePage</name>
    <message numerus="yes">
        <source>Job %1 was cancelled after %n image(s); they are in the library.</source>
        <translation>
            <numerusform>Job %1 was cancelled after %n image; it is in the library.</numerusform>
            <numerusform>Job %1 was cancelled after %n images; they are in the library.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Job %1 made %n image(s); they are in the library, ready to rate.</source>
        <translation>
            <numerusform>Job %1 made %n image; it is in the library, ready to rate.</numerusform>
            <numerusform>Job %1 made %n images; they are in the library, ready to rate.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Job %1 kept %n image(s) of %2 for %3, best first; they are in the library, ready to rate.</source>
        <translation>
            <numerusform>Job %1 kept %n image of %2 for %3; it is in the library, ready to rate.</numerusform>
            <numerusform>Job %1 kept %n images of %2 for %3, best first; they are in the library, ready to rate.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::GenerationQueueModel</name>
    <message numerus="yes">
        <source>%1. %2: “%3”, %n image(s) from seed %4%5</source>
        <translation>
            <numerusform>%1. %2: “%3”, %n image from seed %4%5</numerusform>
            <numerusform>%1. %2: “%3”, %n images from seed %4%5</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryDetailPane</name>
    <message numerus="yes">
        <source>%n images selected.
The keys 1 to 5 rate all of them; Rate These opens them in artist mode one by one.</source>
        <translation>
            <numerusform>%n image selected.
The keys 1 to 5 rate it; Rate These opens it in artist mode.</numerusform>
            <numerusform>%n images selected.
The keys 1 to 5 rate all of them; Rate These opens them in artist mode one by one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryModel</name>
    <message numerus="yes">
        <source>Mean rating: %1 (%n rating(s))</source>
        <translation>
            <numerusform>Mean rating: %1 (%n rating)</numerusform>
            <numerusform>Mean rating: %1 (%n ratings)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryPage</name>
    <message numerus="yes">
        <source>Rated %n image(s) %1 as %2.</source>
        <translation>
            <numerusform>Rated %n image %1 as %2.</numerusform>
            <numerusform>Rated %n images %1 as %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Predicted scores for %1 on %n image(s): the blue badge on each thumbnail; sort by them in the sort list.</source>
        <translation>
            <numerusform>Predicted scores for %1 on %n image: the blue badge on its thumbnail; sort by them in the sort list.</numerusform>
            <numerusform>Predicted scores for %1 on %n images: the blue badge on each thumbnail; sort by them in the sort list.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryView</name>
    <message numerus="yes">
        <source>%1 of %n image(s)</source>
        <translation>
            <numerusform>%1 of %n image</numerusform>
            <numerusform>%1 of %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n selected</numerusform>
            <numerusform>%n selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::MainWindow</name>
    <message numerus="yes">
        <source>%n image(s) imported.</source>
        <translation>
            <numerusform>%n image imported.</numerusform>
            <numerusform>%n images imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) skipped.</source>
        <translation>
            <numerusform>%n duplicate skipped.</numerusform>
            <numerusform>%n duplicates skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) rejected.</source>
        <translation>
            <numerusform>%n file rejected.</numerusform>
            <numerusform>%n files rejected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) encoded with %1.</source>
        <translation>
            <numerusform>%n image encoded with %1.</numerusform>
            <numerusform>%n images encoded with %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already cached.</source>
        <translation>
            <numerusform>%n already cached.</numerusform>
            <numerusform>%n already cached.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed.</source>
        <translation>
            <numerusform>%n failed.</numerusform>
            <numerusform>%n failed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ParticipantResultsModel</name>
    <message numerus="yes">
        <source>%1 (%n pairs)</source>
        <translation>
            <numerusform>%1 (%n pair)</numerusform>
            <numerusform>%1 (%n pairs)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>— (%n pairs)</source>
        <translation>
            <numerusform>— (%n pair)</numerusform>
            <numerusform>— (%n pairs)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ParticipantsModel</name>
    <message numerus="yes">
        <source>Cannot create %n participant(s): %1</source>
        <translation>
            <numerusform>Cannot create %n participant: %1</numerusform>
            <numerusform>Cannot create %n participants: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ParticipantsView</name>
    <message numerus="yes">
        <source>Create %n participant(s)</source>
        <translation>
            <numerusform>Create %n participant</numerusform>
            <numerusform>Create %n participants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot create the %n participant(s) again: %1</source>
        <translation>
            <numerusform>Cannot create the %n participant again: %1</numerusform>
            <numerusform>Cannot create the %n participants again: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot undo the creation of %n participant(s): %1</source>
        <translation>
            <numerusform>Cannot undo the creation of %n participant: %1</numerusform>
            <numerusform>Cannot undo the creation of %n participants: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::SteeringPage</name>
    <message numerus="yes">
        <source>%n candidate(s) for %1, best first: accept, reject or rate them.</source>
        <translation>
            <numerusform>%n candidate for %1, best first: accept, reject or rate it.</numerusform>
            <numerusform>%n candidates for %1, best first: accept, reject or rate them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyEditor</name>
    <message numerus="yes">
        <source>This study is locked: %n participant plan(s) were made from it. Changing its protocol or items now would no longer match the answers already given. You can still rename it, or duplicate it to make an editable copy.</source>
        <translation>
            <numerusform>This study is locked: %n participant plan was made from it. Changing its protocol or items now would no longer match the answers already given. You can still rename it, or duplicate it to make an editable copy.</numerusform>
            <numerusform>This study is locked: %n participant plans were made from it. Changing its protocol or items now would no longer match the answers already given. You can still rename it, or duplicate it to make an editable copy.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s): %1 catch, %2 practice.</source>
        <translation>
            <numerusform>%n item: %1 catch, %2 practice.</numerusform>
            <numerusform>%n items: %1 catch, %2 practice.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyListModel</name>
    <message numerus="yes">
        <source>%n participant plan(s) made; the protocol and items can no longer change.</source>
        <translation>
            <numerusform>%n participant plan made; the protocol and items can no longer change.</numerusform>
            <numerusform>%n participant plans made; the protocol and items can no longer change.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyResultsPage</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::WorkspacePage</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
</context>
</TS>
