<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>main</name>
    <message>
        <source>TasteLab learns one person&apos;s visual taste and steers image generation toward it.</source>
        <translation>TasteLab lernt den visuellen Geschmack einer Person und richtet die Bilderzeugung danach aus.</translation>
    </message>
    <message>
        <source>Print the versions of TasteLab and its libraries.</source>
        <translation>Die Versionen von TasteLab und seinen Bibliotheken ausgeben.</translation>
    </message>
    <message>
        <source>Open the workspace in &lt;folder&gt;, creating it when the folder is new or empty.</source>
        <translation>Den Arbeitsbereich in &lt;Ordner&gt; öffnen; ist der Ordner neu oder leer, wird er angelegt.</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Show the interface in &lt;code&gt; (for example de), overriding the settings.</source>
        <translation>Die Oberfläche in &lt;Code&gt; zeigen (zum Beispiel en), abweichend von den Einstellungen.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Save a picture of the main window to &lt;file&gt; once it is shown, then quit.</source>
        <translation>Ein Bild des Hauptfensters in &lt;Datei&gt; speichern, sobald es angezeigt wird, und dann beenden.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Open the demo workspace (procedural images rated by simulated raters), building it first in --workspace or the default folder.</source>
        <translation>Den Demo-Arbeitsbereich öffnen (prozedurale Bilder, bewertet von simulierten Bewertenden); er wird zuerst in --workspace oder im Standardordner erstellt.</translation>
    </message>
</context>
<context>
    <name>tastelab::gui::BackgroundTask</name>
    <message>
        <source>The task failed with an unknown error.</source>
        <translation>Die Aufgabe ist mit einem unbekannten Fehler abgebrochen.</translation>
    </message>
    <message>
        <source>Estimating time left…</source>
        <translation>Restzeit wird geschätzt …</translation>
    </message>
    <message>
        <source>Less than a second left</source>
        <translation>Weniger als eine Sekunde</translation>
    </message>
    <message numerus="yes">
        <source>About %n s left</source>
        <translation>
            <numerusform>Noch etwa %n s</numerusform>
            <numerusform>Noch etwa %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %n min left</source>
        <translation>
            <numerusform>Noch etwa %n min</numerusform>
            <numerusform>Noch etwa %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %n h left</source>
        <translation>
            <numerusform>Noch etwa %n Std.</numerusform>
            <numerusform>Noch etwa %n Std.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::AboutDialog</name>
    <message>
        <source>About TasteLab</source>
        <translation>Über TasteLab</translation>
    </message>
    <message>
        <source>&lt;h2&gt;TasteLab %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;TasteLab %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>TasteLab learns one person&apos;s visual taste from their ratings and steers image generation toward it. Everything runs on this computer; ratings never leave it.</source>
        <translation>TasteLab lernt aus den Bewertungen einer Person ihren visuellen Geschmack und richtet die Bilderzeugung danach aus. Alles läuft auf diesem Rechner; Bewertungen verlassen ihn nie.</translation>
    </message>
    <message>
        <source>Released under the MIT licence.</source>
        <translation>Veröffentlicht unter der MIT-Lizenz.</translation>
    </message>
    <message>
        <source>&amp;Copy Versions</source>
        <translation>Versionen &amp;kopieren</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ImportImagesDialog</name>
    <message>
        <source>Import Images</source>
        <translation>Bilder importieren</translation>
    </message>
    <message>
        <source>Optional: CSV or JSON Lines with prompts and seeds</source>
        <translation>Optional: CSV oder JSON Lines mit Prompts und Seeds</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Du&amp;rchsuchen …</translation>
    </message>
    <message>
        <source>Folder to Import</source>
        <translation>Zu importierender Ordner</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <source>Manifests (*.csv *.jsonl *.ndjson);;All files (*)</source>
        <translation>Manifeste (*.csv *.jsonl *.ndjson);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Reference the files where they are instead of copying them into the workspace</source>
        <translation>Dateien am bisherigen Ort &amp;verknüpfen, statt sie in den Arbeitsbereich zu kopieren</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>&amp;Manifest:</source>
        <translation>&amp;Manifest:</translation>
    </message>
    <message>
        <source>Choose the folder that holds the images (PNG, JPEG, WebP).</source>
        <translation>Wählen Sie den Ordner mit den Bildern (PNG, JPEG, WebP).</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>The manifest %1 does not exist.</source>
        <translation>Das Manifest %1 existiert nicht.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::MainWindow</name>
    <message>
        <source>Compute: %1</source>
        <translation>Rechnen: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich …</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Close Workspace</source>
        <translation>Arbeitsbereich &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About TasteLab</source>
        <translation>Ü&amp;ber TasteLab</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Clear &amp;List</source>
        <translation>&amp;Liste leeren</translation>
    </message>
    <message>
        <source>Cannot Create Workspace</source>
        <translation>Arbeitsbereich kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot Open Workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened workspace %1</source>
        <translation>Arbeitsbereich %1 geöffnet</translation>
    </message>
    <message>
        <source>%1 — TasteLab</source>
        <translation>%1 — TasteLab</translation>
    </message>
    <message>
        <source>TasteLab</source>
        <translation>TasteLab</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>&amp;Import Images…</source>
        <translation>Bilder &amp;importieren …</translation>
    </message>
    <message>
        <source>Cannot Import Images</source>
        <translation>Bilder können nicht importiert werden</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) imported.</source>
        <translation>
            <numerusform>%n Bild importiert.</numerusform>
            <numerusform>%n Bilder importiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) skipped.</source>
        <translation>
            <numerusform>%n Duplikat übersprungen.</numerusform>
            <numerusform>%n Duplikate übersprungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) rejected.</source>
        <translation>
            <numerusform>%n Datei abgelehnt.</numerusform>
            <numerusform>%n Dateien abgelehnt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation>Der Import wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Rejected %1: %2</source>
        <translation>Abgelehnt %1: %2</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Import abgeschlossen</translation>
    </message>
    <message>
        <source>Importing images</source>
        <translation>Bilder werden importiert</translation>
    </message>
    <message>
        <source>Open the &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <source>Cannot Build the Demo</source>
        <translation>Die Demo kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>Building the demo workspace</source>
        <translation>Der Demo-Arbeitsbereich wird erstellt</translation>
    </message>
    <message>
        <source>Compute &amp;Embeddings…</source>
        <translation>&amp;Einbettungen berechnen …</translation>
    </message>
    <message>
        <source>Look features (built in)</source>
        <translation>Bildmerkmale (eingebaut)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Compute Embeddings</source>
        <translation>Einbettungen berechnen</translation>
    </message>
    <message>
        <source>Encode the images with:</source>
        <translation>Bilder kodieren mit:</translation>
    </message>
    <message>
        <source>Cannot Compute Embeddings</source>
        <translation>Einbettungen können nicht berechnet werden</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) encoded with %1.</source>
        <translation>
            <numerusform>%n Bild mit %1 kodiert.</numerusform>
            <numerusform>%n Bilder mit %1 kodiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already cached.</source>
        <translation>
            <numerusform>%n bereits zwischengespeichert.</numerusform>
            <numerusform>%n bereits zwischengespeichert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed.</source>
        <translation>
            <numerusform>%n fehlgeschlagen.</numerusform>
            <numerusform>%n fehlgeschlagen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Vor dem Ende angehalten.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Einbettungen</translation>
    </message>
    <message>
        <source>Computing embeddings</source>
        <translation>Einbettungen werden berechnet</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Train and Evaluate…</source>
        <translation>&amp;Trainieren und auswerten …</translation>
    </message>
    <message>
        <source>Workspace &amp;Overview</source>
        <translation>Arbeitsbereich-&amp;Übersicht</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::MetricTableModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>seen</source>
        <translation>bekannt</translation>
    </message>
    <message>
        <source>held-out</source>
        <translation>zurückgehalten</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 liked/disliked pairs from %2 people</source>
        <translation>%1 Paare aus gemocht/nicht gemocht von %2 Personen</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>N_ref</source>
        <translation>N_ref</translation>
    </message>
    <message>
        <source>Pairwise</source>
        <translation>Paarweise</translation>
    </message>
    <message>
        <source>1-vs-3 top-1</source>
        <translation>1 gegen 3, Top-1</translation>
    </message>
    <message>
        <source>Spearman</source>
        <translation>Spearman</translation>
    </message>
    <message>
        <source>Pearson</source>
        <translation>Pearson</translation>
    </message>
    <message>
        <source>Margin accuracy</source>
        <translation>Genauigkeit mit Abstand</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>TasteLab (embedding)</source>
        <translation>TasteLab (Einbettung)</translation>
    </message>
    <message>
        <source>TasteLab (in-context)</source>
        <translation>TasteLab (im Kontext)</translation>
    </message>
    <message>
        <source>TasteLab (k-NN)</source>
        <translation>TasteLab (k-NN)</translation>
    </message>
    <message>
        <source>TasteLab (mixture fit)</source>
        <translation>TasteLab (Mischungsanpassung)</translation>
    </message>
    <message>
        <source>Population model</source>
        <translation>Populationsmodell</translation>
    </message>
    <message>
        <source>Person mean</source>
        <translation>Mittelwert der Person</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufall</translation>
    </message>
    <message>
        <source>Noise ceiling (retest)</source>
        <translation>Rauschgrenze (Wiederholung)</translation>
    </message>
    <message>
        <source>Oracle (true taste)</source>
        <translation>Orakel (wahrer Geschmack)</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ModelPage</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Taste profile</source>
        <translation>Geschmacksprofil</translation>
    </message>
    <message>
        <source>People map</source>
        <translation>Personenkarte</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::NewWorkspaceDialog</name>
    <message>
        <source>New Workspace</source>
        <translation>Neuer Arbeitsbereich</translation>
    </message>
    <message>
        <source>My Taste</source>
        <translation>Mein Geschmack</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose Where to Create the Workspace</source>
        <translation>Ort für den neuen Arbeitsbereich wählen</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Ort:</translation>
    </message>
    <message>
        <source>Enter a name for the workspace.</source>
        <translation>Geben Sie einen Namen für den Arbeitsbereich ein.</translation>
    </message>
    <message>
        <source>The name cannot contain &apos;/&apos; or &apos;\&apos;.</source>
        <translation>Der Name darf weder „/“ noch „\“ enthalten.</translation>
    </message>
    <message>
        <source>Choose a location.</source>
        <translation>Wählen Sie einen Ort.</translation>
    </message>
    <message>
        <source>%1 already exists and is not an empty folder.</source>
        <translation>%1 existiert bereits und ist kein leerer Ordner.</translation>
    </message>
    <message>
        <source>The workspace will be created in %1.</source>
        <translation>Der Arbeitsbereich wird in %1 angelegt.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::PeopleMapView</name>
    <message>
        <source>Circles: people the model was trained on. Squares: people represented from their answers only.</source>
        <translation>Kreise: Personen, mit denen das Modell trainiert wurde. Quadrate: Personen, die nur durch ihre Antworten dargestellt werden.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>People by taste</source>
        <translation>Personen nach Geschmack</translation>
    </message>
    <message>
        <source>Computing the map of people…</source>
        <translation>Die Personenkarte wird berechnet …</translation>
    </message>
    <message>
        <source>Cannot compute the map of people: %1</source>
        <translation>Die Personenkarte kann nicht berechnet werden: %1</translation>
    </message>
    <message>
        <source>Silhouette: %1 (%2)</source>
        <translation>Silhouette: %1 (%2)</translation>
    </message>
    <message>
        <source>Silhouette: not available (%1)</source>
        <translation>Silhouette: nicht verfügbar (%1)</translation>
    </message>
    <message>
        <source>First principal component</source>
        <translation>Erste Hauptkomponente</translation>
    </message>
    <message>
        <source>Second principal component</source>
        <translation>Zweite Hauptkomponente</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <source>simulated taste groups</source>
        <translation>simulierte Geschmacksgruppen</translation>
    </message>
    <message>
        <source>k-means, k = %1</source>
        <translation>k-Means, k = %1</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::RecentWorkspacesModel</name>
    <message>
        <source>%1 no longer holds a workspace</source>
        <translation>%1 enthält keinen Arbeitsbereich mehr</translation>
    </message>
    <message>
        <source>%1 — in %2</source>
        <translation>%1 — in %2</translation>
    </message>
    <message>
        <source>%1 — in %2 (missing)</source>
        <translation>%1 — in %2 (fehlt)</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>The new language is used after TasteLab restarts.</source>
        <translation>Die neue Sprache gilt nach einem Neustart von TasteLab.</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Colour scheme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>%1 (not available)</source>
        <translation>%1 (nicht verfügbar)</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Rechnen</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>Folder for New Workspaces</source>
        <translation>Ordner für neue Arbeitsbereiche</translation>
    </message>
    <message>
        <source>&amp;Reopen the last workspace at start</source>
        <translation>Letzten Arbeitsbereich beim Start wieder ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Arbeitsbereiche</translation>
    </message>
    <message>
        <source>New workspaces &amp;in:</source>
        <translation>Neue Arbeitsbereiche &amp;in:</translation>
    </message>
    <message>
        <source>Optional: a folder with model folders</source>
        <translation>Optional: ein Ordner mit Modellordnern</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>Durch&amp;suchen …</translation>
    </message>
    <message>
        <source>Models Folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>&amp;Models folder:</source>
        <translation>&amp;Modellordner:</translation>
    </message>
    <message>
        <source>Models found:</source>
        <translation>Gefundene Modelle:</translation>
    </message>
    <message>
        <source>%1 (%2) in %3</source>
        <translation>%1 (%2) in %3</translation>
    </message>
    <message>
        <source>None yet: put Hugging Face model folders (CLIP, SigLIP) in the models folder or in %1.</source>
        <translation>Noch keine: Legen Sie Hugging-Face-Modellordner (CLIP, SigLIP) in den Modellordner oder nach %1.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::TaskProgressDialog</name>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten …</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::TasteProfileView</name>
    <message>
        <source>Choose a person to see what raises or lowers their score.</source>
        <translation>Wählen Sie eine Person, um zu sehen, was ihre Bewertung hebt oder senkt.</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Person:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Cannot read the people of this workspace: %1</source>
        <translation>Die Personen dieses Arbeitsbereichs können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Computing the taste profile of %1…</source>
        <translation>Das Geschmacksprofil von %1 wird berechnet …</translation>
    </message>
    <message>
        <source>Cannot compute the taste profile: %1</source>
        <translation>Das Geschmacksprofil kann nicht berechnet werden: %1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Raises the score: %1.</source>
        <translation>Hebt die Bewertung: %1.</translation>
    </message>
    <message>
        <source>Lowers it: %1.</source>
        <translation>Senkt sie: %1.</translation>
    </message>
    <message>
        <source>Nothing measured raises or lowers this person&apos;s score.</source>
        <translation>Nichts Gemessenes hebt oder senkt die Bewertung dieser Person.</translation>
    </message>
    <message>
        <source>Raises the score</source>
        <translation>Hebt die Bewertung</translation>
    </message>
    <message>
        <source>Lowers the score</source>
        <translation>Senkt die Bewertung</translation>
    </message>
    <message>
        <source>Effects on the predicted score of %1 (%2)</source>
        <translation>Einflüsse auf die vorhergesagte Bewertung von %1 (%2)</translation>
    </message>
    <message>
        <source>Effect on the predicted score (standardised)</source>
        <translation>Einfluss auf die vorhergesagte Bewertung (standardisiert)</translation>
    </message>
    <message>
        <source>warmth</source>
        <translation>Wärme</translation>
    </message>
    <message>
        <source>saturation</source>
        <translation>Sättigung</translation>
    </message>
    <message>
        <source>brightness</source>
        <translation>Helligkeit</translation>
    </message>
    <message>
        <source>contrast</source>
        <translation>Kontrast</translation>
    </message>
    <message>
        <source>detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>geometry</source>
        <translation>Geometrie</translation>
    </message>
    <message>
        <source>centering</source>
        <translation>Zentrierung</translation>
    </message>
    <message>
        <source>texture</source>
        <translation>Textur</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>Unschärfe</translation>
    </message>
    <message>
        <source>colourfulness</source>
        <translation>Farbigkeit</translation>
    </message>
    <message>
        <source>sharpness</source>
        <translation>Schärfe</translation>
    </message>
    <message>
        <source>symmetry</source>
        <translation>Symmetrie</translation>
    </message>
    <message>
        <source>tonal complexity</source>
        <translation>tonale Komplexität</translation>
    </message>
    <message>
        <source>straight edges</source>
        <translation>gerade Kanten</translation>
    </message>
    <message>
        <source>centred composition</source>
        <translation>zentrierte Komposition</translation>
    </message>
    <message>
        <source>procedural attributes</source>
        <translation>prozedurale Merkmale</translation>
    </message>
    <message>
        <source>look attributes</source>
        <translation>Bildmerkmale</translation>
    </message>
    <message>
        <source>text probes</source>
        <translation>Textproben</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::TrainingPanel</name>
    <message>
        <source>Look features (built in)</source>
        <translation>Bildmerkmale (eingebaut)</translation>
    </message>
    <message>
        <source>Evaluate after training</source>
        <translation>Nach dem Training auswerten</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Backbone:</source>
        <translation>Backbone:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>Nicht gestartet.</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>Verlust pro Epoche</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Pairwise accuracy of held-out people against N_ref</source>
        <translation>Paarweise Genauigkeit zurückgehaltener Personen über N_ref</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Wird vorbereitet …</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Das Training ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Training cancelled.</source>
        <translation>Training abgebrochen.</translation>
    </message>
    <message>
        <source>Finished in %1 s; best epoch %2.</source>
        <translation>Fertig nach %1 s; beste Epoche %2.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten …</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Evaluating: training epoch %1 of %2 (loss %3)</source>
        <translation>Auswertung: Trainingsepoche %1 von %2 (Verlust %3)</translation>
    </message>
    <message>
        <source>Training epoch %1 of %2 (loss %3)</source>
        <translation>Trainingsepoche %1 von %2 (Verlust %3)</translation>
    </message>
    <message>
        <source>Saving the model…</source>
        <translation>Das Modell wird gespeichert …</translation>
    </message>
    <message>
        <source>Evaluating: preparing…</source>
        <translation>Auswertung: wird vorbereitet …</translation>
    </message>
    <message>
        <source>N_ref (answers representing a new person)</source>
        <translation>N_ref (Antworten, die eine neue Person darstellen)</translation>
    </message>
    <message>
        <source>Pairwise accuracy (%)</source>
        <translation>Paarweise Genauigkeit (%)</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::WelcomePage</name>
    <message>
        <source>Welcome to TasteLab</source>
        <translation>Willkommen bei TasteLab</translation>
    </message>
    <message>
        <source>Rate images, learn one person&apos;s taste, and steer image generation toward it.
A workspace is one folder that holds the ratings database, the image library and the models.</source>
        <translation>Bilder bewerten, den Geschmack einer Person lernen und die Bilderzeugung danach ausrichten.
Ein Arbeitsbereich ist ein Ordner mit der Bewertungsdatenbank, der Bildbibliothek und den Modellen.</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich …</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation>Zuletzt verwendete Arbeitsbereiche</translation>
    </message>
    <message>
        <source>Open the &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <source>A workspace of procedural images (not AI-generated) rated by simulated raters</source>
        <translation>Ein Arbeitsbereich mit prozeduralen Bildern (nicht KI-erzeugt), bewertet von simulierten Bewertenden</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::WorkspacePage</name>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Angelegt:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Image library:</source>
        <translation>Bildbibliothek:</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>Modelle:</translation>
    </message>
    <message>
        <source>Show in File &amp;Manager</source>
        <translation>Im Datei&amp;manager zeigen</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1, schema version %2</source>
        <translation>%1, Schemaversion %2</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Bilder:</translation>
    </message>
    <message>
        <source>People:</source>
        <translation>Personen:</translation>
    </message>
    <message>
        <source>Studies:</source>
        <translation>Studien:</translation>
    </message>
    <message>
        <source>Slider ratings:</source>
        <translation>Bewertungen (Schieberegler):</translation>
    </message>
    <message>
        <source>Pairwise choices:</source>
        <translation>Paarvergleiche:</translation>
    </message>
</context>
</TS>
