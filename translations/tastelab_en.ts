<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
