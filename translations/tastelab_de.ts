<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AddStudyItemsCommand</name>
    <message numerus="yes">
        <source>Add %n item(s)</source>
        <translation>
            <numerusform>%n Item hinzufügen</numerusform>
            <numerusform>%n Items hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n catch item(s)</source>
        <translation>
            <numerusform>%n Aufmerksamkeitsprüfung hinzufügen</numerusform>
            <numerusform>%n Aufmerksamkeitsprüfungen hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n practice item(s)</source>
        <translation>
            <numerusform>%n Übungsitem hinzufügen</numerusform>
            <numerusform>%n Übungsitems hinzufügen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CreateStudyCommand</name>
    <message>
        <source>Create study “%1”</source>
        <translation>Studie „%1“ anlegen</translation>
    </message>
    <message>
        <source>Duplicate study as “%1”</source>
        <translation>Studie als „%1“ duplizieren</translation>
    </message>
</context>
<context>
    <name>EditStudyCommand</name>
    <message>
        <source>Rename study</source>
        <translation>Studie umbenennen</translation>
    </message>
    <message>
        <source>Edit instructions</source>
        <translation>Anleitung bearbeiten</translation>
    </message>
    <message>
        <source>Edit consent text</source>
        <translation>Einwilligungstext bearbeiten</translation>
    </message>
    <message>
        <source>Change answer modes</source>
        <translation>Antwortarten ändern</translation>
    </message>
    <message>
        <source>Edit anchor labels</source>
        <translation>Ankerbeschriftungen bearbeiten</translation>
    </message>
    <message>
        <source>Change repeats</source>
        <translation>Wiederholungen ändern</translation>
    </message>
    <message>
        <source>Change catch items</source>
        <translation>Aufmerksamkeitsprüfungen ändern</translation>
    </message>
    <message>
        <source>Change block size</source>
        <translation>Blockgröße ändern</translation>
    </message>
    <message>
        <source>Change break interval</source>
        <translation>Pausenabstand ändern</translation>
    </message>
    <message>
        <source>Change practice items</source>
        <translation>Übungsitems ändern</translation>
    </message>
    <message>
        <source>Change “require movement”</source>
        <translation>„Bewegung verlangen“ ändern</translation>
    </message>
    <message>
        <source>Change “allow revisions”</source>
        <translation>„Änderungen erlauben“ ändern</translation>
    </message>
    <message>
        <source>Change seed</source>
        <translation>Seed ändern</translation>
    </message>
    <message>
        <source>Change exclusion rule</source>
        <translation>Ausschlussregel ändern</translation>
    </message>
    <message>
        <source>Edit study</source>
        <translation>Studie bearbeiten</translation>
    </message>
    <message>
        <source>Change “show the prompt”</source>
        <translation>„Prompt zeigen“ ändern</translation>
    </message>
</context>
<context>
    <name>EditStudyItemCommand</name>
    <message>
        <source>Edit study item</source>
        <translation>Studienitem bearbeiten</translation>
    </message>
</context>
<context>
    <name>RemoveStudyCommand</name>
    <message>
        <source>Remove study “%1”</source>
        <translation>Studie „%1“ entfernen</translation>
    </message>
</context>
<context>
    <name>RemoveStudyItemsCommand</name>
    <message numerus="yes">
        <source>Remove %n item(s)</source>
        <translation>
            <numerusform>%n Item entfernen</numerusform>
            <numerusform>%n Items entfernen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StudyCommand</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
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
    <message>
        <source>Run the study &lt;name&gt; of the workspace for a participant.</source>
        <translation>Die Studie &lt;Name&gt; des Arbeitsbereichs für eine teilnehmende Person durchführen.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>With --study: the participant&apos;s id (otherwise the participant types it after the consent).</source>
        <translation>Mit --study: die ID der teilnehmenden Person (sonst gibt die Person sie nach der Einwilligung ein).</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>With --study: full screen, locked until the administrator PIN is typed (Ctrl+Shift+Q). Needs a PIN set in Study &gt; Set the Kiosk PIN.</source>
        <translation>Mit --study: Vollbild, gesperrt, bis die Admin-PIN eingegeben wird (Strg+Umschalt+Q). Erfordert eine unter Studie &gt; Kiosk-PIN festlegen gesetzte PIN.</translation>
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
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 min</translation>
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
    <name>tastelab::widgets::ArtistGalleryModel</name>
    <message>
        <source>%1 · predicted %2</source>
        <translation>%1 · vorhergesagt %2</translation>
    </message>
    <message>
        <source>predicted %1</source>
        <translation>vorhergesagt %1</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>nicht bewertet</translation>
    </message>
    <message>
        <source>Rating %1, predicted %2
%3</source>
        <translation>Bewertung %1, vorhergesagt %2
%3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ArtistPage</name>
    <message>
        <source>Start Rating</source>
        <translation>Bewertung starten</translation>
    </message>
    <message>
        <source>Artist:</source>
        <translation>Person:</translation>
    </message>
    <message>
        <source>Images from:</source>
        <translation>Bilder von:</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>All generators</source>
        <translation>Alle Generatoren</translation>
    </message>
    <message>
        <source>Choose who is rating, then Start Rating.</source>
        <translation>Wählen Sie, wer bewertet, und dann „Bewertung starten“.</translation>
    </message>
    <message>
        <source>Everything is rated. Your gallery is sorted by your ratings.</source>
        <translation>Alles ist bewertet. Ihre Galerie ist nach Ihren Bewertungen sortiert.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) left to rate</source>
        <translation>
            <numerusform>Noch %n Bild zu bewerten</numerusform>
            <numerusform>Noch %n Bilder zu bewerten</numerusform>
        </translation>
    </message>
    <message>
        <source>The rating could not be saved: %1</source>
        <translation>Die Bewertung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The personal model could not score this image: %1</source>
        <translation>Das persönliche Modell konnte dieses Bild nicht bewerten: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) left out because their files changed on disk: %1</source>
        <translation>
            <numerusform>%n Bild ausgelassen, weil seine Datei auf der Festplatte geändert wurde: %1</numerusform>
            <numerusform>%n Bilder ausgelassen, weil ihre Dateien auf der Festplatte geändert wurden: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Show my model&apos;s prediction</source>
        <translation>Vorhersage meines Modells zeigen</translation>
    </message>
    <message>
        <source>No artists yet</source>
        <translation>Noch keine Kunstschaffenden</translation>
    </message>
    <message>
        <source>New Artist…</source>
        <translation>Neue Person …</translation>
    </message>
    <message>
        <source>Hide it to rate without being anchored by what the model expects.</source>
        <translation>Ausblenden, um zu bewerten, ohne von der Erwartung des Modells beeinflusst zu werden.</translation>
    </message>
    <message>
        <source>Move the slider first (drag it, press Left or Right, or 1 to 5), then press Enter.</source>
        <translation>Bewegen Sie zuerst den Schieberegler (ziehen, Links oder Rechts oder 1 bis 5 drücken), dann Enter drücken.</translation>
    </message>
    <message>
        <source>New Artist</source>
        <translation>Neue Person</translation>
    </message>
    <message>
        <source>Name or id of the new artist (how they appear in exports):</source>
        <translation>Name oder ID der neuen Person (so erscheint sie in Exporten):</translation>
    </message>
    <message>
        <source>Type a name or id for the new artist.</source>
        <translation>Geben Sie einen Namen oder eine ID für die neue Person ein.</translation>
    </message>
    <message>
        <source>There is already an artist called &apos;%1&apos;: choose them from the list.</source>
        <translation>Es gibt bereits eine Person namens „%1“: Wählen Sie sie aus der Liste.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is already taken by someone in this workspace: choose another name.</source>
        <translation>„%1“ ist in diesem Arbeitsbereich bereits vergeben: Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Added %1. Press Start Rating when ready.</source>
        <translation>%1 hinzugefügt. Drücken Sie „Bewertung starten“, wenn Sie bereit sind.</translation>
    </message>
    <message>
        <source>Choose an artist from the list, or add one with New Artist…</source>
        <translation>Wählen Sie eine Person aus der Liste oder fügen Sie mit „Neue Person …“ eine hinzu.</translation>
    </message>
    <message>
        <source>There is no artist called &apos;%1&apos;: add them with New Artist… first.</source>
        <translation>Es gibt keine Person namens „%1“: Fügen Sie sie zuerst mit „Neue Person …“ hinzu.</translation>
    </message>
    <message>
        <source>Rate this image again: the new rating replaces %1, which stays in the history.</source>
        <translation>Bewerten Sie dieses Bild erneut: Die neue Bewertung ersetzt %1, das im Verlauf bleibt.</translation>
    </message>
    <message>
        <source>There is no rating of this sitting to take back.</source>
        <translation>In dieser Sitzung gibt es keine Bewertung zum Zurücknehmen.</translation>
    </message>
    <message>
        <source>Double-click an image (or press Enter on it) to rate it again.</source>
        <translation>Doppelklicken Sie auf ein Bild (oder drücken Sie darauf Enter), um es erneut zu bewerten.</translation>
    </message>
    <message>
        <source>Only a rated image of the gallery can be rated again.</source>
        <translation>Nur ein bewertetes Bild der Galerie kann erneut bewertet werden.</translation>
    </message>
    <message>
        <source>Show unrated images</source>
        <translation>Unbewertete Bilder zeigen</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>Bildauswahl:</translation>
    </message>
    <message>
        <source>Most informative</source>
        <translation>Am informativsten</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufall</translation>
    </message>
    <message>
        <source>Library order</source>
        <translation>Bibliotheksreihenfolge</translation>
    </message>
    <message>
        <source>Most informative asks the image whose rating is expected to teach your taste model most (with a few random picks); the choice is stored with each rating.</source>
        <translation>„Am informativsten“ fragt nach dem Bild, dessen Bewertung Ihrem Geschmacksmodell voraussichtlich am meisten beibringt (mit einigen zufälligen Auswahlen); die Wahl wird mit jeder Bewertung gespeichert.</translation>
    </message>
    <message>
        <source>By my rating</source>
        <translation>Nach meiner Bewertung</translation>
    </message>
    <message>
        <source>By predicted score</source>
        <translation>Nach vorhergesagter Bewertung</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Sortieren:</translation>
    </message>
    <message>
        <source>Minimum rating:</source>
        <translation>Mindestbewertung:</translation>
    </message>
    <message>
        <source>Minimum predicted:</source>
        <translation>Mindestvorhersage:</translation>
    </message>
    <message>
        <source>Your taste model could not be built, so images come in library order: %1</source>
        <translation>Ihr Geschmacksmodell konnte nicht erstellt werden, daher kommen die Bilder in Bibliotheksreihenfolge: %1</translation>
    </message>
    <message>
        <source>The rating could not be taken back: %1</source>
        <translation>Die Bewertung konnte nicht zurückgenommen werden: %1</translation>
    </message>
    <message>
        <source>Rating taken back</source>
        <translation>Bewertung zurückgenommen</translation>
    </message>
    <message>
        <source>Rate a few images and your personal model will predict your next ratings.</source>
        <translation>Bewerten Sie ein paar Bilder, dann sagt Ihr persönliches Modell Ihre nächsten Bewertungen voraus.</translation>
    </message>
    <message>
        <source>Your personal model predicts %1 for this image, from other people&apos;s ratings until you answer (updated in %2 ms).</source>
        <translation>Ihr persönliches Modell sagt für dieses Bild %1 voraus, aus den Bewertungen anderer, bis Sie antworten (aktualisiert in %2 ms).</translation>
    </message>
    <message numerus="yes">
        <source>Your personal model predicts %1 for this image (learnt from %n answer(s), updated in %2 ms).</source>
        <translation>
            <numerusform>Ihr persönliches Modell sagt für dieses Bild %1 voraus (gelernt aus %n Antwort, aktualisiert in %2 ms).</numerusform>
            <numerusform>Ihr persönliches Modell sagt für dieses Bild %1 voraus (gelernt aus %n Antworten, aktualisiert in %2 ms).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::CompareView</name>
    <message>
        <source>Image comparison</source>
        <translation>Bildvergleich</translation>
    </message>
    <message>
        <source>Left: %1. Right: %2.</source>
        <translation>Links: %1. Rechts: %2.</translation>
    </message>
    <message>
        <source>Nothing to compare yet.</source>
        <translation>Noch nichts zu vergleichen.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::DesignerPage</name>
    <message>
        <source>&amp;Library</source>
        <translation>Bib&amp;liothek</translation>
    </message>
    <message>
        <source>&amp;Participants</source>
        <translation>&amp;Teilnehmende</translation>
    </message>
    <message>
        <source>Choose or create a study on the Studies tab first.</source>
        <translation>Wählen Sie zuerst auf dem Reiter „Studien“ eine Studie aus oder legen Sie eine an.</translation>
    </message>
    <message>
        <source>St&amp;udies</source>
        <translation>St&amp;udien</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::GeneratePage</name>
    <message>
        <source>Add to Queue</source>
        <translation>Zur Warteschlange hinzufügen</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clear Pending</source>
        <translation>Wartende entfernen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Use These Settings</source>
        <translation>Diese Einstellungen verwenden</translation>
    </message>
    <message>
        <source>Describe the image, e.g. a lighthouse on a cliff at dusk, oil painting</source>
        <translation>Beschreiben Sie das Bild auf Englisch, z. B. a lighthouse on a cliff at dusk, oil painting</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufall</translation>
    </message>
    <message>
        <source>A new random seed</source>
        <translation>Ein neuer zufälliger Seed</translation>
    </message>
    <message>
        <source>SD-Turbo makes an image in 1 to 4 steps; more steps add detail and take longer.</source>
        <translation>SD-Turbo erzeugt ein Bild in 1 bis 4 Schritten; mehr Schritte bringen mehr Details und dauern länger.</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Image i of a batch uses the seed plus i.</source>
        <translation>Bild i verwendet den Seed plus i.</translation>
    </message>
    <message>
        <source>0 is how SD-Turbo is meant to run; above 1 the negative prompt steers away.</source>
        <translation>0 ist die für SD-Turbo vorgesehene Einstellung; über 1 lenkt der negative Prompt vom Unerwünschten weg.</translation>
    </message>
    <message>
        <source>Generator:</source>
        <translation>Generator:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Negative prompt:</source>
        <translation>Negativer Prompt:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Anzahl Bilder:</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>Guidance:</translation>
    </message>
    <message>
        <source>Run these settings after the jobs already waiting</source>
        <translation>Diese Einstellungen nach den bereits wartenden Aufträgen ausführen</translation>
    </message>
    <message>
        <source>Run these settings next, before the jobs already waiting</source>
        <translation>Diese Einstellungen als Nächstes ausführen, vor den bereits wartenden Aufträgen</translation>
    </message>
    <message>
        <source>Open PNG…</source>
        <translation>PNG öffnen …</translation>
    </message>
    <message>
        <source>Restore the settings stored in a PNG (you can also drop one on this page)</source>
        <translation>Die in einem PNG gespeicherten Einstellungen übernehmen (Sie können es auch auf diese Seite ziehen)</translation>
    </message>
    <message>
        <source>Remove the selected pending job</source>
        <translation>Den ausgewählten wartenden Auftrag entfernen</translation>
    </message>
    <message>
        <source>Stop the running job after the current step; the images made so far are kept</source>
        <translation>Den laufenden Auftrag nach dem aktuellen Schritt anhalten; die bisher erzeugten Bilder bleiben erhalten</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Fill the form with the settings the selected image was made with</source>
        <translation>Das Formular mit den Einstellungen füllen, mit denen das ausgewählte Bild erzeugt wurde</translation>
    </message>
    <message>
        <source>Generated images</source>
        <translation>Erzeugte Bilder</translation>
    </message>
    <message>
        <source>Double-click an image to see it large. Rate it in a study or in artist mode.</source>
        <translation>Doppelklicken Sie auf ein Bild, um es groß zu sehen. Bewerten Sie es in einer Studie oder im Künstlermodus.</translation>
    </message>
    <message>
        <source>Cannot open the workspace: %1</source>
        <translation>Der Arbeitsbereich kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Procedural (built in)</source>
        <translation>Prozedural (eingebaut)</translation>
    </message>
    <message>
        <source>SD-Turbo (%1)</source>
        <translation>SD-Turbo (%1)</translation>
    </message>
    <message>
        <source>the Hugging Face cache %1 (no models folder is set in File &gt; Settings…)</source>
        <translation>im Hugging-Face-Cache %1 (unter Datei &gt; Einstellungen … ist kein Modellordner eingestellt)</translation>
    </message>
    <message>
        <source>the models folder %1 and the Hugging Face cache %2</source>
        <translation>im Modellordner %1 und im Hugging-Face-Cache %2</translation>
    </message>
    <message>
        <source>No SD-Turbo model was found. TasteLab looked in %1. To add one, put the diffusers folder of stabilityai/sd-turbo (in a folder whose name contains “sd-turbo”) into the models folder chosen in File &gt; Settings…, or download it into the Hugging Face cache, for example with “huggingface-cli download stabilityai/sd-turbo”. Until then the built-in procedural generator is used.</source>
        <translation>Es wurde kein SD-Turbo-Modell gefunden. TasteLab hat %1 gesucht. Um eines hinzuzufügen, legen Sie den Diffusers-Ordner von stabilityai/sd-turbo (in einem Ordner, dessen Name „sd-turbo“ enthält) in den unter Datei &gt; Einstellungen … gewählten Modellordner, oder laden Sie ihn in den Hugging-Face-Cache herunter, zum Beispiel mit „huggingface-cli download stabilityai/sd-turbo“. Bis dahin wird der eingebaute prozedurale Generator verwendet.</translation>
    </message>
    <message>
        <source>These settings were made with %1, which is not available here; the %2 generator is selected.</source>
        <translation>Diese Einstellungen stammen von %1, das hier nicht verfügbar ist; der Generator %2 ist ausgewählt.</translation>
    </message>
    <message>
        <source>Cannot queue these settings: %1</source>
        <translation>Diese Einstellungen können nicht eingereiht werden: %1</translation>
    </message>
    <message>
        <source>Job %1 queued.</source>
        <translation>Auftrag %1 eingereiht.</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Wird nach dem aktuellen Schritt angehalten …</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>Loading SD-Turbo (the first job takes a while)…</source>
        <translation>SD-Turbo wird geladen (der erste Auftrag dauert eine Weile) …</translation>
    </message>
    <message>
        <source>Image %1 of %2, step %3 of %4</source>
        <translation>Bild %1 von %2, Schritt %3 von %4</translation>
    </message>
    <message>
        <source>Image %1 of %2</source>
        <translation>Bild %1 von %2</translation>
    </message>
    <message>
        <source>Job %1 failed: %2</source>
        <translation>Auftrag %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Job %1 was cancelled after %n image(s); they are in the library.</source>
        <translation>
            <numerusform>Auftrag %1 wurde nach %n Bild abgebrochen; es ist in der Bibliothek.</numerusform>
            <numerusform>Auftrag %1 wurde nach %n Bildern abgebrochen; sie sind in der Bibliothek.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>Job %1 made %n image(s); they are in the library, ready to rate.</source>
        <translation>
            <numerusform>Auftrag %1 hat %n Bild erzeugt; es ist in der Bibliothek und kann bewertet werden.</numerusform>
            <numerusform>Auftrag %1 hat %n Bilder erzeugt; sie sind in der Bibliothek und können bewertet werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Cannot read the settings of %1: %2</source>
        <translation>Die Einstellungen von %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 carries no generation settings (it was not made by TasteLab or a tool that stores them).</source>
        <translation>%1 enthält keine Erzeugungseinstellungen (es wurde nicht von TasteLab oder einem Werkzeug erzeugt, das sie speichert).</translation>
    </message>
    <message>
        <source>Settings restored from %1.</source>
        <translation>Einstellungen aus %1 übernommen.</translation>
    </message>
    <message>
        <source>Cannot read the settings of image %1: %2</source>
        <translation>Die Einstellungen von Bild %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Image %1 has no stored generation settings.</source>
        <translation>Zu Bild %1 sind keine Erzeugungseinstellungen gespeichert.</translation>
    </message>
    <message>
        <source>Settings restored from image %1.</source>
        <translation>Einstellungen aus Bild %1 übernommen.</translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1
Seed %2 · %3 × %3 pixels · steps: %4 · %5</source>
        <translation>%1
Seed %2 · %3 × %3 Pixel · Schritte: %4 · %5</translation>
    </message>
    <message>
        <source>Open PNG</source>
        <translation>PNG öffnen</translation>
    </message>
    <message>
        <source>PNG images (*.png);;All files (*)</source>
        <translation>PNG-Bilder (*.png);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>FLUX.1-schnell (%1)</source>
        <translation>FLUX.1-schnell (%1)</translation>
    </message>
    <message>
        <source>Best of</source>
        <translation>Beste aus</translation>
    </message>
    <message>
        <source>Render N candidates and keep only those the person&apos;s taste model scores highest, plus the one it is least sure about (to learn from)</source>
        <translation>N Kandidaten rendern und nur die behalten, die das Geschmacksmodell der Person am höchsten bewertet, dazu den, bei dem es am unsichersten ist (um daraus zu lernen)</translation>
    </message>
    <message>
        <source>Candidates rendered (seed, seed + 1, …); only the kept ones enter the library</source>
        <translation>Gerenderte Kandidaten (Seed, Seed + 1, …); nur die behaltenen kommen in die Bibliothek</translation>
    </message>
    <message>
        <source>The best-predicted candidates kept, besides the exploratory one</source>
        <translation>Die behaltenen Kandidaten mit der besten Vorhersage, zusätzlich zum explorativen</translation>
    </message>
    <message>
        <source>Whose taste ranks the candidates (people with answers)</source>
        <translation>Wessen Geschmack die Kandidaten reiht (Personen mit Antworten)</translation>
    </message>
    <message>
        <source>for</source>
        <translation>für</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>For a person:</source>
        <translation>Für eine Person:</translation>
    </message>
    <message>
        <source>Cannot read the people of the workspace: %1</source>
        <translation>Die Personen des Arbeitsbereichs können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Best of N needs a person with answers: rate some images first.</source>
        <translation>„Beste aus N“ braucht eine Person mit Antworten: Bewerten Sie zuerst einige Bilder.</translation>
    </message>
    <message>
        <source>Best of %1 keeps fewer than %1 images: lower Keep or raise N.</source>
        <translation>„Beste aus %1“ behält weniger als %1 Bilder: Verringern Sie „behalten“ oder erhöhen Sie N.</translation>
    </message>
    <message>
        <source>Reading %1&apos;s taste model…</source>
        <translation>Das Geschmacksmodell von %1 wird gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>Job %1 kept %n image(s) of %2 for %3, best first; they are in the library, ready to rate.</source>
        <translation>
            <numerusform>Auftrag %1 hat %n von %2 Bildern für %3 behalten; es ist in der Bibliothek und kann bewertet werden.</numerusform>
            <numerusform>Auftrag %1 hat %n von %2 Bildern für %3 behalten, das beste zuerst; sie sind in der Bibliothek und können bewertet werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 predicted</source>
        <translation>%1 vorhergesagt</translation>
    </message>
    <message>
        <source>Kept to learn from: %1&apos;s taste model is least sure about it (%2 predicted)</source>
        <translation>Zum Lernen behalten: Das Geschmacksmodell von %1 ist hier am unsichersten (%2 vorhergesagt)</translation>
    </message>
    <message>
        <source>%1&apos;s predicted score: %2</source>
        <translation>Vorhergesagte Bewertung von %1: %2</translation>
    </message>
    <message>
        <source> · explore</source>
        <translation> · explorativ</translation>
    </message>
    <message>
        <source>What the image should not show</source>
        <translation>Was das Bild nicht zeigen soll</translation>
    </message>
    <message>
        <source>Used by SD-Turbo when the guidance is above 1.</source>
        <translation>Wird von SD-Turbo verwendet, wenn die Guidance über 1 liegt.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::GenerationQueueModel</name>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>, %1 of %2 made</source>
        <translation>, %1 von %2 erzeugt</translation>
    </message>
    <message numerus="yes">
        <source>%1. %2: “%3”, %n image(s) from seed %4%5</source>
        <translation>
            <numerusform>%1. %2: „%3“, %n Bild ab Seed %4%5</numerusform>
            <numerusform>%1. %2: „%3“, %n Bilder ab Seed %4%5</numerusform>
        </translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>Negativer Prompt: %1</translation>
    </message>
    <message>
        <source>Generator: %1</source>
        <translation>Generator: %1</translation>
    </message>
    <message>
        <source>Size: %1 × %1 pixels, steps: %2, guidance: %3</source>
        <translation>Größe: %1 × %1 Pixel, Schritte: %2, Guidance: %3</translation>
    </message>
    <message>
        <source>, best %1 kept for %2</source>
        <translation>, beste %1 für %2 behalten</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ImagePrefetcher</name>
    <message>
        <source>no image data</source>
        <translation>keine Bilddaten</translation>
    </message>
    <message>
        <source>Cannot read the image &apos;%1&apos;: %2</source>
        <translation>Das Bild „%1“ kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ImageResultsModel</name>
    <message>
        <source>Image %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>SD</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>Pairwise wins</source>
        <translation>Siege im Paarvergleich</translation>
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
    <name>tastelab::widgets::KioskGuard</name>
    <message>
        <source>Administrator</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Enter the administrator PIN to leave the kiosk:</source>
        <translation>Geben Sie die Admin-PIN ein, um den Kiosk zu verlassen:</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryDetailPane</name>
    <message>
        <source>study %1</source>
        <translation>Studie %1</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>artist mode or library</source>
        <translation>Künstlermodus oder Bibliothek</translation>
    </message>
    <message>
        <source>outside a session</source>
        <translation>außerhalb einer Sitzung</translation>
    </message>
    <message>
        <source>Select an image to see it large, with its prompt, settings and ratings.</source>
        <translation>Wählen Sie ein Bild aus, um es groß zu sehen, mit Prompt, Einstellungen und Bewertungen.</translation>
    </message>
    <message>
        <source>Drag, or press 1 to 5 on the grid for the five anchors; Enter stores the rating</source>
        <translation>Ziehen oder im Raster 1 bis 5 für die fünf Anker drücken; die Eingabetaste speichert die Bewertung</translation>
    </message>
    <message>
        <source>Send to Steer</source>
        <translation>Zum Ausrichten senden</translation>
    </message>
    <message>
        <source>Open the Steer page with this image&apos;s prompt and seed</source>
        <translation>Die Seite „Ausrichten“ mit Prompt und Seed dieses Bildes öffnen</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Rate These in Artist Mode</source>
        <translation>Diese im Künstlermodus bewerten</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>(kein Prompt)</translation>
    </message>
    <message>
        <source>Seed: %1</source>
        <translation>Seed: %1</translation>
    </message>
    <message>
        <source>Generator: %1</source>
        <translation>Generator: %1</translation>
    </message>
    <message>
        <source>%1 × %2 %3, %4</source>
        <translation>%1 × %2 %3, %4</translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>Negativer Prompt: %1</translation>
    </message>
    <message>
        <source>Added %1 (%2)</source>
        <translation>Hinzugefügt am %1 (%2)</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>erzeugt</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>(none stored)</source>
        <translation>(keine gespeichert)</translation>
    </message>
    <message>
        <source>The image file cannot be read: %1</source>
        <translation>Die Bilddatei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>it is missing or changed</source>
        <translation>sie fehlt oder wurde geändert</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>ersetzt</translation>
    </message>
    <message>
        <source>attention check</source>
        <translation>Aufmerksamkeitsprüfung</translation>
    </message>
    <message>
        <source>Not rated yet</source>
        <translation>Noch nicht bewertet</translation>
    </message>
    <message>
        <source>Ratings (%1)</source>
        <translation>Bewertungen (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n images selected.
The keys 1 to 5 rate all of them; Rate These opens them in artist mode one by one.</source>
        <translation>
            <numerusform>%n Bild ausgewählt.
Die Tasten 1 bis 5 bewerten es; „Diese bewerten“ öffnet es im Künstlermodus.</numerusform>
            <numerusform>%n Bilder ausgewählt.
Die Tasten 1 bis 5 bewerten alle; „Diese bewerten“ öffnet sie nacheinander im Künstlermodus.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a person in the filter bar to rate this image.</source>
        <translation>Wählen Sie in der Filterleiste eine Person, um dieses Bild zu bewerten.</translation>
    </message>
    <message>
        <source>Rating as %1:</source>
        <translation>Bewertung als %1:</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <source>Rate as %1</source>
        <translation>Als %1 bewerten</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryModel</name>
    <message>
        <source>Cannot open the workspace &apos;%1&apos;: %2</source>
        <translation>Der Arbeitsbereich „%1“ kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the images of &apos;%1&apos;: %2</source>
        <translation>Die Bilder von „%1“ können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Generator: %1</source>
        <translation>Generator: %1</translation>
    </message>
    <message>
        <source>Size: %1 × %2 pixels</source>
        <translation>Größe: %1 × %2 Pixel</translation>
    </message>
    <message numerus="yes">
        <source>Mean rating: %1 (%n rating(s))</source>
        <translation>
            <numerusform>Mittlere Bewertung: %1 (%n Bewertung)</numerusform>
            <numerusform>Mittlere Bewertung: %1 (%n Bewertungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Not rated yet</source>
        <translation>Noch nicht bewertet</translation>
    </message>
    <message>
        <source>In studies: %1</source>
        <translation>In Studien: %1</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the ratings of &apos;%1&apos;: %2</source>
        <translation>Die Bewertungen von „%1“ können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Their rating: %1</source>
        <translation>Bewertung der Person: %1</translation>
    </message>
    <message>
        <source>Predicted for them: %1</source>
        <translation>Für die Person vorhergesagt: %1</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryPage</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Show or hide the workspace&apos;s counts</source>
        <translation>Die Kennzahlen des Arbeitsbereichs ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Predicting %1&apos;s scores: %2 of %3. %4</source>
        <translation>Bewertungen von %1 werden vorhergesagt: %2 von %3. %4</translation>
    </message>
    <message>
        <source>Cannot show the image: %1</source>
        <translation>Das Bild kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Choose a person in the filter bar to rate with the keys 1 to 5 and to see what their model predicts.</source>
        <translation>Wählen Sie in der Filterleiste eine Person, um mit den Tasten 1 bis 5 zu bewerten und zu sehen, was ihr Modell vorhersagt.</translation>
    </message>
    <message>
        <source>Choose whose rating this is in the person filter first.</source>
        <translation>Wählen Sie zuerst im Personenfilter, wessen Bewertung das ist.</translation>
    </message>
    <message>
        <source>Select an image to rate.</source>
        <translation>Wählen Sie ein Bild zum Bewerten aus.</translation>
    </message>
    <message>
        <source>The rating could not be saved: %1</source>
        <translation>Die Bewertung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Rated %n image(s) %1 as %2.</source>
        <translation>
            <numerusform>%n Bild als %2 mit %1 bewertet.</numerusform>
            <numerusform>%n Bilder als %2 mit %1 bewertet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose whose ratings these are in the person filter first.</source>
        <translation>Wählen Sie zuerst im Personenfilter, wessen Bewertungen das sind.</translation>
    </message>
    <message>
        <source>No reward model yet: train one (Model &gt; Train and Evaluate) to see and sort by %1&apos;s predicted scores.</source>
        <translation>Noch kein Belohnungsmodell: Trainieren Sie eines (Modell &gt; Trainieren und auswerten), um die vorhergesagten Bewertungen von %1 zu sehen und danach zu sortieren.</translation>
    </message>
    <message>
        <source>Predicting %1&apos;s scores…</source>
        <translation>Bewertungen von %1 werden vorhergesagt …</translation>
    </message>
    <message>
        <source>Cannot predict scores: %1</source>
        <translation>Bewertungen können nicht vorhergesagt werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Predicted scores for %1 on %n image(s): the blue badge on each thumbnail; sort by them in the sort list.</source>
        <translation>
            <numerusform>Vorhergesagte Bewertung von %1 für %n Bild: das blaue Abzeichen auf dem Vorschaubild; in der Sortierliste können Sie danach sortieren.</numerusform>
            <numerusform>Vorhergesagte Bewertungen von %1 für %n Bilder: das blaue Abzeichen auf jedem Vorschaubild; in der Sortierliste können Sie danach sortieren.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::LibraryView</name>
    <message>
        <source>Search prompts</source>
        <translation>Prompts durchsuchen</translation>
    </message>
    <message>
        <source>Any rating</source>
        <translation>Beliebige Bewertung</translation>
    </message>
    <message>
        <source>Unrated</source>
        <translation>Unbewertet</translation>
    </message>
    <message>
        <source>Rated</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <source>Ratings run from 0 (strongly dislike) to 1 (strongly like)</source>
        <translation>Bewertungen reichen von 0 (gefällt mir gar nicht) bis 1 (gefällt mir sehr)</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Neueste zuerst</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <source>Prompt A–Z</source>
        <translation>Prompt A–Z</translation>
    </message>
    <message>
        <source>Highest rated first</source>
        <translation>Am besten bewertete zuerst</translation>
    </message>
    <message>
        <source>Lowest rated first</source>
        <translation>Am schlechtesten bewertete zuerst</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <source>Import image files or folders; you can also drop them on the library</source>
        <translation>Bilddateien oder Ordner importieren; Sie können sie auch auf die Bibliothek ziehen</translation>
    </message>
    <message>
        <source>Files…</source>
        <translation>Dateien …</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner …</translation>
    </message>
    <message>
        <source>All generators</source>
        <translation>Alle Generatoren</translation>
    </message>
    <message>
        <source>All studies</source>
        <translation>Alle Studien</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n image(s)</source>
        <translation>
            <numerusform>%1 von %n Bild</numerusform>
            <numerusform>%1 von %n Bildern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n ausgewählt</numerusform>
            <numerusform>%n ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Add to study…</source>
        <translation>Zu Studie hinzufügen …</translation>
    </message>
    <message>
        <source>Import images</source>
        <translation>Bilder importieren</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;All files (*)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import a folder of images</source>
        <translation>Einen Bilderordner importieren</translation>
    </message>
    <message>
        <source>Whose ratings the rating filter and sort use, whose predicted scores show, and who rates with the keys 1 to 5</source>
        <translation>Wessen Bewertungen Bewertungsfilter und Sortierung verwenden, wessen vorhergesagte Bewertungen erscheinen und wer mit den Tasten 1 bis 5 bewertet</translation>
    </message>
    <message>
        <source>Rating from</source>
        <translation>Bewertung von</translation>
    </message>
    <message>
        <source>to </source>
        <translation>bis </translation>
    </message>
    <message>
        <source>&lt;h2&gt;This workspace has no images yet&lt;/h2&gt;&lt;p&gt;Drop image files or folders here, or import them, to start the library.&lt;/p&gt;&lt;p&gt;PNG files from Stable Diffusion tools keep their prompt, seed and settings.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Dieser Arbeitsbereich hat noch keine Bilder&lt;/h2&gt;&lt;p&gt;Ziehen Sie Bilddateien oder Ordner hierher oder importieren Sie sie, um die Bibliothek anzulegen.&lt;/p&gt;&lt;p&gt;PNG-Dateien aus Stable-Diffusion-Werkzeugen behalten ihren Prompt, ihren Seed und ihre Einstellungen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import Files…</source>
        <translation>Dateien importieren …</translation>
    </message>
    <message>
        <source>Import a Folder…</source>
        <translation>Ordner importieren …</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Highest predicted first</source>
        <translation>Höchste Vorhersage zuerst</translation>
    </message>
    <message>
        <source>Lowest predicted first</source>
        <translation>Niedrigste Vorhersage zuerst</translation>
    </message>
    <message>
        <source>Send to Steer</source>
        <translation>Zum Ausrichten senden</translation>
    </message>
    <message>
        <source>Rate These</source>
        <translation>Diese bewerten</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::MainWindow</name>
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
        <translation>Einbettungen be&amp;rechnen …</translation>
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
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Study</source>
        <translation>&amp;Studie</translation>
    </message>
    <message>
        <source>&amp;Designer</source>
        <translation>&amp;Designer</translation>
    </message>
    <message>
        <source>&amp;Run a Study…</source>
        <translation>Studie durch&amp;führen …</translation>
    </message>
    <message>
        <source>R&amp;esults</source>
        <translation>&amp;Ergebnisse</translation>
    </message>
    <message>
        <source>&amp;Artist Mode</source>
        <translation>&amp;Künstlermodus</translation>
    </message>
    <message>
        <source>Add a De&amp;mo Study</source>
        <translation>De&amp;mo-Studie hinzufügen</translation>
    </message>
    <message>
        <source>Cannot Start the Kiosk</source>
        <translation>Der Kiosk kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Set an administrator PIN first (Study &gt; Set the Kiosk PIN…): without it the kiosk could not be left.</source>
        <translation>Legen Sie zuerst eine Admin-PIN fest (Studie &gt; Kiosk-PIN festlegen …): Ohne sie ließe sich der Kiosk nicht verlassen.</translation>
    </message>
    <message>
        <source>No Study Yet</source>
        <translation>Noch keine Studie</translation>
    </message>
    <message>
        <source>Create a study in the designer first (Study &gt; Designer).</source>
        <translation>Legen Sie zuerst im Designer eine Studie an (Studie &gt; Designer).</translation>
    </message>
    <message>
        <source>Run a Study</source>
        <translation>Studie durchführen</translation>
    </message>
    <message>
        <source>Empty: the participant types it</source>
        <translation>Leer: Die teilnehmende Person gibt sie ein</translation>
    </message>
    <message>
        <source>Kiosk mode (full screen, locked with the admin PIN)</source>
        <translation>Kioskmodus (Vollbild, mit der Admin-PIN gesperrt)</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>Studie:</translation>
    </message>
    <message>
        <source>Participant id:</source>
        <translation>Teilnahme-ID:</translation>
    </message>
    <message>
        <source>Kiosk PIN</source>
        <translation>Kiosk-PIN</translation>
    </message>
    <message>
        <source>The PIN an administrator types to leave the kiosk (at least 4 characters):</source>
        <translation>Die PIN, mit der die Administration den Kiosk verlässt (mindestens 4 Zeichen):</translation>
    </message>
    <message>
        <source>The PIN needs at least 4 characters.</source>
        <translation>Die PIN braucht mindestens 4 Zeichen.</translation>
    </message>
    <message>
        <source>The kiosk PIN is set.</source>
        <translation>Die Kiosk-PIN ist festgelegt.</translation>
    </message>
    <message>
        <source>Cannot Add the Demo Study</source>
        <translation>Die Demo-Studie kann nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>Added the demo study with six simulated participants.</source>
        <translation>Die Demo-Studie mit sechs simulierten Teilnehmenden wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>&amp;Generate…</source>
        <translation>&amp;Erzeugen …</translation>
    </message>
    <message>
        <source>&amp;Steer…</source>
        <translation>&amp;Ausrichten …</translation>
    </message>
    <message>
        <source>Compute: %1 (%2)</source>
        <translation>Rechnen: %1 (%2)</translation>
    </message>
    <message>
        <source>Models run here; change it in Settings &gt; Compute.</source>
        <translation>Die Modelle laufen hier; ändern unter Einstellungen &gt; Rechnen.</translation>
    </message>
    <message>
        <source>Compute: %1 is not available</source>
        <translation>Rechnen: %1 ist nicht verfügbar</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>Bib&amp;liothek</translation>
    </message>
    <message>
        <source>&amp;Publish…</source>
        <translation>&amp;Veröffentlichen …</translation>
    </message>
    <message>
        <source>Set the Kiosk P&amp;IN…</source>
        <translation>Kiosk-P&amp;IN festlegen …</translation>
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
    <message>
        <source>TasteLab (hierarchical)</source>
        <translation>TasteLab (hierarchisch)</translation>
    </message>
    <message>
        <source>TasteLab (posterior)</source>
        <translation>TasteLab (A-posteriori)</translation>
    </message>
    <message>
        <source>CF MF fold-in</source>
        <translation>CF MF-Fold-in</translation>
    </message>
    <message>
        <source>CF item k-NN</source>
        <translation>CF Bild-k-NN</translation>
    </message>
    <message>
        <source>Bound (true attributes, N_ref answers)</source>
        <translation>Schranke (wahre Merkmale, N_ref Antworten)</translation>
    </message>
    <message>
        <source>TasteLab (linear taste)</source>
        <translation>TasteLab (linearer Geschmack)</translation>
    </message>
    <message>
        <source>TasteLab (linear taste, groups)</source>
        <translation>TasteLab (linearer Geschmack, Gruppen)</translation>
    </message>
    <message>
        <source>TasteLab (linear taste, groups) on CF images</source>
        <translation>TasteLab (linearer Geschmack, Gruppen) auf CF-Bildern</translation>
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
    <name>tastelab::widgets::PairwiseScreen</name>
    <message>
        <source>Which image do you prefer?</source>
        <translation>Welches Bild gefällt Ihnen besser?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back to the previous item (Backspace)</source>
        <translation>Zurück zum vorigen Bild (Rücktaste)</translation>
    </message>
    <message>
        <source>1 Left</source>
        <translation>1 Links</translation>
    </message>
    <message>
        <source>2 Right</source>
        <translation>2 Rechts</translation>
    </message>
    <message>
        <source>T Tie</source>
        <translation>T Gleich gut</translation>
    </message>
    <message>
        <source>Both images are equally good</source>
        <translation>Beide Bilder sind gleich gut</translation>
    </message>
    <message>
        <source>C Can&apos;t decide</source>
        <translation>C Kann mich nicht entscheiden</translation>
    </message>
    <message>
        <source>You have no answer for this pair</source>
        <translation>Sie haben für dieses Paar keine Antwort</translation>
    </message>
    <message>
        <source>The image &apos;%1&apos; cannot be shown.</source>
        <translation>Das Bild „%1“ kann nicht angezeigt werden.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ParticipantResultsModel</name>
    <message>
        <source>Passed %1 of %2 attention checks (%3%; the study requires %4%)</source>
        <translation>%1 von %2 Aufmerksamkeitsprüfungen bestanden (%3 %; die Studie verlangt %4 %)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1, completed</source>
        <translation>%1, abgeschlossen</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n pairs)</source>
        <translation>
            <numerusform>%1 (%n Paar)</numerusform>
            <numerusform>%1 (%n Paare)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>— (%n pairs)</source>
        <translation>
            <numerusform>— (%n Paar)</numerusform>
            <numerusform>— (%n Paare)</numerusform>
        </translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Yes: %1</source>
        <translation>Ja: %1</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Teilnehmende Person</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>SD</source>
        <translation>SD</translation>
    </message>
    <message>
        <source>Test-retest r</source>
        <translation>Test-Retest-r</translation>
    </message>
    <message>
        <source>Attention checks</source>
        <translation>Aufmerksamkeitsprüfungen</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Ausgeschlossen</translation>
    </message>
    <message>
        <source>Median time</source>
        <translation>Zeit (Median)</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ParticipantsModel</name>
    <message>
        <source>Cannot open the workspace &apos;%1&apos;: %2</source>
        <translation>Der Arbeitsbereich „%1“ kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the people of &apos;%1&apos;: %2</source>
        <translation>Die Personen von „%1“ können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Teilnehmende Person</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Kunstschaffende Person</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Pseudonym</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Age range</source>
        <translation>Altersgruppe</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Geschlecht</translation>
    </message>
    <message>
        <source>Art experience</source>
        <translation>Kunsterfahrung</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>Studien</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Antworten</translation>
    </message>
    <message numerus="yes">
        <source>Cannot create %n participant(s): %1</source>
        <translation>
            <numerusform>%n teilnehmende Person kann nicht angelegt werden: %1</numerusform>
            <numerusform>%n Teilnehmende können nicht angelegt werden: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 slider ratings, %2 pairwise choices</source>
        <translation>%1 Bewertungen per Schieberegler, %2 Paarvergleiche</translation>
    </message>
    <message>
        <source>Exports show only the pseudonym, never the display name</source>
        <translation>Exporte zeigen nur das Pseudonym, nie den Anzeigenamen</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::ParticipantsView</name>
    <message>
        <source>Edit %1 of %2</source>
        <translation>%1 von %2 bearbeiten</translation>
    </message>
    <message>
        <source>Cannot change %1 of %2: %3</source>
        <translation>%1 von %2 kann nicht geändert werden: %3</translation>
    </message>
    <message numerus="yes">
        <source>Create %n participant(s)</source>
        <translation>
            <numerusform>%n teilnehmende Person anlegen</numerusform>
            <numerusform>%n Teilnehmende anlegen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot create the %n participant(s) again: %1</source>
        <translation>
            <numerusform>%n teilnehmende Person kann nicht erneut angelegt werden: %1</numerusform>
            <numerusform>Die %n Teilnehmenden können nicht erneut angelegt werden: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot undo the creation of %n participant(s): %1</source>
        <translation>
            <numerusform>Das Anlegen von %n teilnehmenden Person kann nicht rückgängig gemacht werden: %1</numerusform>
            <numerusform>Das Anlegen von %n Teilnehmenden kann nicht rückgängig gemacht werden: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Create participants…</source>
        <translation>Teilnehmende anlegen …</translation>
    </message>
    <message>
        <source>Create pseudonymous participants in bulk, e.g. P0001 to P0020</source>
        <translation>Mehrere pseudonyme Teilnehmende auf einmal anlegen, z. B. P0001 bis P0020</translation>
    </message>
    <message>
        <source>Choose a study</source>
        <translation>Studie wählen</translation>
    </message>
    <message>
        <source>Start session</source>
        <translation>Sitzung starten</translation>
    </message>
    <message>
        <source>Start the chosen study for the selected participant</source>
        <translation>Die gewählte Studie für die ausgewählte teilnehmende Person starten</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>Studie:</translation>
    </message>
    <message>
        <source>Create participants</source>
        <translation>Teilnehmende anlegen</translation>
    </message>
    <message>
        <source>Pseudonyms are this prefix and a four-digit number, continuing after the highest in use</source>
        <translation>Pseudonyme bestehen aus diesem Präfix und einer vierstelligen Zahl, fortlaufend nach der höchsten vergebenen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>How many:</source>
        <translation>Anzahl:</translation>
    </message>
    <message>
        <source>Pseudonym prefix:</source>
        <translation>Pseudonym-Präfix:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Rolle:</translation>
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
    <name>tastelab::widgets::PromptStrip</name>
    <message>
        <source>Choose “Prompt refinement” as the method and steer: the candidates appear here, best first.</source>
        <translation>Wählen Sie „Prompt-Verfeinerung“ als Methode und richten Sie aus: Die Kandidaten erscheinen hier, der beste zuerst.</translation>
    </message>
    <message>
        <source>Prompt candidates</source>
        <translation>Prompt-Kandidaten</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>Bester</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>The image is missing from the library.</source>
        <translation>Das Bild fehlt in der Bibliothek.</translation>
    </message>
    <message>
        <source>Candidate %1 of %2</source>
        <translation>Kandidat %1 von %2</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>The prompt as written</source>
        <translation>Der Prompt wie geschrieben</translation>
    </message>
    <message>
        <source>Predicted score: %1 %</source>
        <translation>Vorhergesagte Bewertung: %1 %</translation>
    </message>
    <message>
        <source>Ranked by: %1 %</source>
        <translation>Gereiht nach: %1 %</translation>
    </message>
    <message>
        <source>The person&apos;s predicted slider rating for this image, from their reward model.</source>
        <translation>Die vom Belohnungsmodell der Person vorhergesagte Schieberegler-Bewertung dieses Bildes.</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Rate…</source>
        <translation>Bewerten …</translation>
    </message>
    <message>
        <source>Use This Prompt</source>
        <translation>Diesen Prompt verwenden</translation>
    </message>
    <message>
        <source>Put this candidate&apos;s prompt into the prompt field.</source>
        <translation>Den Prompt dieses Kandidaten in das Prompt-Feld übernehmen.</translation>
    </message>
    <message>
        <source>Your rating of this candidate</source>
        <translation>Ihre Bewertung dieses Kandidaten</translation>
    </message>
    <message>
        <source>Save Rating</source>
        <translation>Bewertung speichern</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>No verdict yet</source>
        <translation>Noch kein Urteil</translation>
    </message>
    <message>
        <source>The verdict was not saved: %1</source>
        <translation>Das Urteil wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>The rating was not saved: %1</source>
        <translation>Die Bewertung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Rated %1 %; saved with the person&apos;s ratings.</source>
        <translation>Mit %1 % bewertet; bei den Bewertungen der Person gespeichert.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::PublishDialog</name>
    <message>
        <source>Publish a Study</source>
        <translation>Studie veröffentlichen</translation>
    </message>
    <message>
        <source>Cannot Publish</source>
        <translation>Veröffentlichen nicht möglich</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>Nur dieser Rechner (127.0.0.1)</translation>
    </message>
    <message>
        <source>Every network interface (0.0.0.0)</source>
        <translation>Alle Netzwerkschnittstellen (0.0.0.0)</translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation>Beliebiger freier Port</translation>
    </message>
    <message>
        <source>Let a panel&apos;s participant id open the study (/join?pid=ID)</source>
        <translation>Studie mit der Teilnahme-ID eines Panels öffnen lassen (/join?pid=ID)</translation>
    </message>
    <message>
        <source>Optional: https://panel.example/done?code={code}</source>
        <translation>Optional: https://panel.example/done?code={code}</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>Studie:</translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation>Erreichbar über:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>New participant links:</source>
        <translation>Neue Teilnahme-Links:</translation>
    </message>
    <message>
        <source>Redirect at the end:</source>
        <translation>Weiterleitung am Ende:</translation>
    </message>
    <message>
        <source>Not serving.</source>
        <translation>Der Server läuft nicht.</translation>
    </message>
    <message>
        <source>The new participant links appear here. Save them: only a hash of each is kept.</source>
        <translation>Die neuen Teilnahme-Links erscheinen hier. Speichern Sie sie: Von jedem wird nur ein Hash aufbewahrt.</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Teilnehmende Person</translation>
    </message>
    <message>
        <source>External id</source>
        <translation>Externe ID</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Save &amp;Links…</source>
        <translation>&amp;Links speichern …</translation>
    </message>
    <message>
        <source>Serving at %1. Admin view: %1/admin?key=%2</source>
        <translation>Der Server läuft unter %1. Admin-Ansicht: %1/admin?key=%2</translation>
    </message>
    <message>
        <source>Stopped. Participants who open their link now see no page; start again to go on.</source>
        <translation>Angehalten. Teilnehmende, die jetzt ihren Link öffnen, sehen keine Seite; starten Sie erneut, um fortzufahren.</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>zurückgezogen</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>Save Participant Links</source>
        <translation>Teilnahme-Links speichern</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Cannot Save the Links</source>
        <translation>Die Links können nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::RatingSlider</name>
    <message>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>From &quot;%1&quot; to &quot;%2&quot;</source>
        <translation>Von „%1“ bis „%2“</translation>
    </message>
    <message>
        <source>Strongly dislike</source>
        <translation>Gefällt mir gar nicht</translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation>Gefällt mir nicht</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Like</source>
        <translation>Gefällt mir</translation>
    </message>
    <message>
        <source>Strongly like</source>
        <translation>Gefällt mir sehr</translation>
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
        <translation>&amp;Letzten Arbeitsbereich beim Start wieder öffnen</translation>
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
        <translation>Du&amp;rchsuchen …</translation>
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
    <name>tastelab::widgets::SliderRatingScreen</name>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back to the previous item (Backspace)</source>
        <translation>Zurück zum vorigen Bild (Rücktaste)</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Absenden</translation>
    </message>
    <message>
        <source>Submit this rating (Enter)</source>
        <translation>Diese Bewertung absenden (Eingabetaste)</translation>
    </message>
    <message>
        <source>Left/Right arrows adjust (with Shift: finely), 1-5 jump to a label, Enter submits.</source>
        <translation>Pfeiltasten links/rechts verstellen (mit Umschalt: fein), 1-5 springen zu einer Beschriftung, die Eingabetaste sendet ab.</translation>
    </message>
    <message>
        <source>The image &apos;%1&apos; cannot be shown.</source>
        <translation>Das Bild „%1“ kann nicht angezeigt werden.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::SteeringPage</name>
    <message>
        <source>Steer</source>
        <translation>Ausrichten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export Sheet…</source>
        <translation>Vergleichsblatt exportieren …</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>Trennlinie</translation>
    </message>
    <message>
        <source>What to generate, e.g. a lighthouse at dusk</source>
        <translation>Was erzeugt werden soll, z. B. ein Leuchtturm in der Dämmerung</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>How much of what everyone likes is subtracted from the person&apos;s predicted score, so the image moves toward what sets this person apart (0: their predicted score alone).</source>
        <translation>Wie viel von dem, was allen gefällt, von der vorhergesagten Bewertung der Person abgezogen wird, damit sich das Bild zu dem hin bewegt, was diese Person auszeichnet (0: nur ihre vorhergesagte Bewertung).</translation>
    </message>
    <message>
        <source>Steer the same prompt and seed for a second person to compare the two.</source>
        <translation>Denselben Prompt und Seed auch auf eine zweite Person ausrichten, um beide zu vergleichen.</translation>
    </message>
    <message>
        <source>Show the two images on top of each other with a split line to drag (or move with the arrow keys).</source>
        <translation>Die beiden Bilder übereinander zeigen, mit einer Trennlinie zum Ziehen (oder Verschieben mit den Pfeiltasten).</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Person:</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Iterations:</source>
        <translation>Iterationen:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Generator:</source>
        <translation>Generator:</translation>
    </message>
    <message>
        <source>Contrast:</source>
        <translation>Kontrast:</translation>
    </message>
    <message>
        <source>Steering</source>
        <translation>Ausrichtung</translation>
    </message>
    <message>
        <source>Stored steering runs</source>
        <translation>Gespeicherte Ausrichtungsläufe</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Reward per iteration</source>
        <translation>Belohnung pro Iteration</translation>
    </message>
    <message>
        <source>Person A</source>
        <translation>Person A</translation>
    </message>
    <message>
        <source>Person B</source>
        <translation>Person B</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Belohnung</translation>
    </message>
    <message>
        <source>Baseline against steered image</source>
        <translation>Ausgangsbild gegen ausgerichtetes Bild</translation>
    </message>
    <message>
        <source>Person A&apos;s steered image against person B&apos;s</source>
        <translation>Das auf Person A ausgerichtete Bild gegen das auf Person B ausgerichtete</translation>
    </message>
    <message>
        <source>Baseline against steered</source>
        <translation>Ausgangsbild gegen ausgerichtetes Bild</translation>
    </message>
    <message>
        <source>Steering for %1: iteration %2 of %3, best reward %4</source>
        <translation>Ausrichtung auf %1: Iteration %2 von %3, beste Belohnung %4</translation>
    </message>
    <message>
        <source>Steering failed: %1</source>
        <translation>Die Ausrichtung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled: the best image so far was kept.</source>
        <translation>Abgebrochen: Das bisher beste Bild wurde behalten.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Procedural (built in)</source>
        <translation>Prozedural (eingebaut)</translation>
    </message>
    <message>
        <source>SD-Turbo (%1)</source>
        <translation>SD-Turbo (%1)</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Niemandem</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
    <message>
        <source>A steering run is still going.</source>
        <translation>Ein Ausrichtungslauf ist noch nicht beendet.</translation>
    </message>
    <message>
        <source>Choose whom to steer for.</source>
        <translation>Wählen Sie, auf wen ausgerichtet werden soll.</translation>
    </message>
    <message>
        <source>Enter a prompt.</source>
        <translation>Geben Sie einen Prompt ein.</translation>
    </message>
    <message>
        <source>Choose two different people to compare.</source>
        <translation>Wählen Sie zum Vergleichen zwei verschiedene Personen.</translation>
    </message>
    <message>
        <source>Loading the reward model…</source>
        <translation>Das Belohnungsmodell wird geladen …</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten …</translation>
    </message>
    <message>
        <source>person %1</source>
        <translation>Person %1</translation>
    </message>
    <message>
        <source>Run %1 is not in this workspace.</source>
        <translation>Lauf %1 ist nicht in diesem Arbeitsbereich.</translation>
    </message>
    <message>
        <source>Run %1 could not be read: %2</source>
        <translation>Lauf %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Baseline, unsteered
reward %1</source>
        <translation>Ausgangsbild, nicht ausgerichtet
Belohnung %1</translation>
    </message>
    <message>
        <source>Steered for %1
reward %2 (iteration %3)</source>
        <translation>Ausgerichtet auf %1
Belohnung %2 (Iteration %3)</translation>
    </message>
    <message>
        <source>An image of this run is missing from the library.</source>
        <translation>Ein Bild dieses Laufs fehlt in der Bibliothek.</translation>
    </message>
    <message>
        <source>The same prompt and seed steered for %1 and for %2</source>
        <translation>Derselbe Prompt und Seed, ausgerichtet auf %1 und auf %2</translation>
    </message>
    <message>
        <source>Choose a person under “Compare with” to steer the same prompt and seed for them too.</source>
        <translation>Wählen Sie unter „Vergleichen mit“ eine Person, um denselben Prompt und Seed auch auf sie auszurichten.</translation>
    </message>
    <message>
        <source>“%1”, seed %2, %3</source>
        <translation>„%1“, Seed %2, %3</translation>
    </message>
    <message>
        <source>(cancelled: the best image until then)</source>
        <translation>(abgebrochen: das bis dahin beste Bild)</translation>
    </message>
    <message>
        <source>“%1”, seed %2</source>
        <translation>„%1“, Seed %2</translation>
    </message>
    <message>
        <source>Steer or open a run first: there is nothing to export.</source>
        <translation>Richten Sie zuerst aus oder öffnen Sie einen Lauf: Es gibt nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Saved the comparison sheet as %1.</source>
        <translation>Das Vergleichsblatt wurde als %1 gespeichert.</translation>
    </message>
    <message>
        <source>Export Comparison Sheet</source>
        <translation>Vergleichsblatt exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>add “%1”</source>
        <translation>„%1“ hinzufügen</translation>
    </message>
    <message>
        <source>remove “%1”</source>
        <translation>„%1“ entfernen</translation>
    </message>
    <message>
        <source>swap “%1” for “%2”</source>
        <translation>„%1“ gegen „%2“ tauschen</translation>
    </message>
    <message>
        <source>Noise (ReNO)</source>
        <translation>Rauschen (ReNO)</translation>
    </message>
    <message>
        <source>Prompt refinement</source>
        <translation>Prompt-Verfeinerung</translation>
    </message>
    <message>
        <source>Noise: optimise the generator&apos;s starting noise for the person. Prompt refinement: try adding, removing or swapping style words, each rendered with the same seed, and keep the candidates the person&apos;s model scores best.</source>
        <translation>Rauschen: optimiert das Startrauschen des Generators für die Person. Prompt-Verfeinerung: probiert aus, Stilwörter hinzuzufügen, zu entfernen oder zu tauschen, rendert jede Variante mit demselben Seed und behält die Kandidaten, die das Modell der Person am besten bewertet.</translation>
    </message>
    <message>
        <source>How many of the best prompts each round keeps and edits further.</source>
        <translation>Wie viele der besten Prompts jede Runde behält und weiter bearbeitet.</translation>
    </message>
    <message>
        <source>How many edits a prompt may receive, one per round.</source>
        <translation>Wie viele Änderungen ein Prompt erhalten darf, eine pro Runde.</translation>
    </message>
    <message>
        <source>How many edits of each kept prompt are rendered and scored per round.</source>
        <translation>Wie viele Änderungen jedes behaltenen Prompts pro Runde gerendert und bewertet werden.</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>Beam width:</source>
        <translation>Strahlbreite:</translation>
    </message>
    <message>
        <source>Depth:</source>
        <translation>Tiefe:</translation>
    </message>
    <message>
        <source>Candidates per prompt:</source>
        <translation>Kandidaten pro Prompt:</translation>
    </message>
    <message>
        <source>No run is shown.</source>
        <translation>Es wird kein Lauf angezeigt.</translation>
    </message>
    <message>
        <source>The prompt field now holds the accepted candidate&apos;s prompt: steer again to refine it further.</source>
        <translation>Das Prompt-Feld enthält jetzt den Prompt des angenommenen Kandidaten: Richten Sie erneut aus, um ihn weiter zu verfeinern.</translation>
    </message>
    <message>
        <source>Refining the prompt for %1: %2 of at most %3 candidates, best reward %4</source>
        <translation>Prompt wird für %1 verfeinert: %2 von höchstens %3 Kandidaten, beste Belohnung %4</translation>
    </message>
    <message>
        <source>Cancelled: the candidates scored so far were kept.</source>
        <translation>Abgebrochen: Die bisher bewerteten Kandidaten wurden behalten.</translation>
    </message>
    <message>
        <source>FLUX.1-schnell (%1)</source>
        <translation>FLUX.1-schnell (%1)</translation>
    </message>
    <message>
        <source>The original prompt
reward %1</source>
        <translation>Der ursprüngliche Prompt
Belohnung %1</translation>
    </message>
    <message>
        <source>Best prompt for %1: “%2”
reward %3 (depth %4)</source>
        <translation>Bester Prompt für %1: „%2“
Belohnung %3 (Tiefe %4)</translation>
    </message>
    <message>
        <source>Best reward per depth</source>
        <translation>Beste Belohnung pro Tiefe</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>The original prompt against the best candidate</source>
        <translation>Der ursprüngliche Prompt gegen den besten Kandidaten</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s) for %1, best first: accept, reject or rate them.</source>
        <translation>
            <numerusform>%n Kandidat für %1, der beste zuerst: annehmen, ablehnen oder bewerten.</numerusform>
            <numerusform>%n Kandidaten für %1, der beste zuerst: annehmen, ablehnen oder bewerten.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::SteeringRunModel</name>
    <message>
        <source>(cancelled)</source>
        <translation>(abgebrochen)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <source>%1 · %2 · seed %3 · %4
%5</source>
        <translation>%1 · %2 · Seed %3 · %4
%5</translation>
    </message>
    <message>
        <source>Prompt refinement run %1 for %2, seed %3, started %4
%5</source>
        <translation>Prompt-Verfeinerung %1 für %2, Seed %3, gestartet %4
%5</translation>
    </message>
    <message>
        <source>Noise steering run %1 for %2, seed %3, started %4
%5</source>
        <translation>Rausch-Ausrichtung %1 für %2, Seed %3, gestartet %4
%5</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyEditor</name>
    <message>
        <source>New…</source>
        <translation>Neu …</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>Duplizieren …</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Removes the study and its items (undoable). Refused once participants have plans.</source>
        <translation>Entfernt die Studie und ihre Items (rückgängig machbar). Nicht möglich, sobald Teilnehmende Pläne haben.</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>Studien</translation>
    </message>
    <message>
        <source>Duplicate study</source>
        <translation>Studie duplizieren</translation>
    </message>
    <message>
        <source>A study needs a name.</source>
        <translation>Eine Studie braucht einen Namen.</translation>
    </message>
    <message>
        <source>A study named “%1” already exists.</source>
        <translation>Es gibt bereits eine Studie namens „%1“.</translation>
    </message>
    <message>
        <source>Slider</source>
        <translation>Schieberegler</translation>
    </message>
    <message>
        <source>Pairwise</source>
        <translation>Paarweise</translation>
    </message>
    <message>
        <source>Slider and pairwise</source>
        <translation>Schieberegler und paarweise</translation>
    </message>
    <message>
        <source>Left end</source>
        <translation>Linkes Ende</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Middle</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Right end</source>
        <translation>Rechtes Ende</translation>
    </message>
    <message>
        <source>Anchor label %1 is empty; every slider position needs a label.</source>
        <translation>Ankerbeschriftung %1 ist leer; jede Position des Schiebereglers braucht eine Beschriftung.</translation>
    </message>
    <message>
        <source>Items shown twice, to measure test-retest reliability.</source>
        <translation>Items, die zweimal gezeigt werden, um die Test-Retest-Reliabilität zu messen.</translation>
    </message>
    <message>
        <source>Attention checks mixed into the trials.</source>
        <translation>Aufmerksamkeitsprüfungen, die unter die Durchgänge gemischt werden.</translation>
    </message>
    <message>
        <source>One block</source>
        <translation>Ein Block</translation>
    </message>
    <message>
        <source>Trials are shuffled within blocks of this many.</source>
        <translation>Durchgänge werden innerhalb von Blöcken dieser Größe gemischt.</translation>
    </message>
    <message>
        <source>No breaks</source>
        <translation>Keine Pausen</translation>
    </message>
    <message>
        <source>Shown first and not stored as data.</source>
        <translation>Werden zuerst gezeigt und nicht als Daten gespeichert.</translation>
    </message>
    <message>
        <source>Require slider movement before an answer counts</source>
        <translation>Bewegung des Schiebereglers verlangen, bevor eine Antwort zählt</translation>
    </message>
    <message>
        <source>Allow participants to revise earlier answers</source>
        <translation>Teilnehmenden erlauben, frühere Antworten zu ändern</translation>
    </message>
    <message>
        <source>Each participant&apos;s plan is shuffled from this seed, so plans can be made again.</source>
        <translation>Der Plan jeder teilnehmenden Person wird aus diesem Seed gemischt, sodass sich Pläne erneut erzeugen lassen.</translation>
    </message>
    <message>
        <source>New seed</source>
        <translation>Neuer Seed</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>No exclusion</source>
        <translation>Kein Ausschluss</translation>
    </message>
    <message>
        <source>Participants who pass fewer of their catch items than this are left out of the results (0: nobody).</source>
        <translation>Teilnehmende, die weniger ihrer Aufmerksamkeitsprüfungen bestehen, werden aus den Ergebnissen ausgeschlossen (0: niemand).</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Instructions:</source>
        <translation>Anleitung:</translation>
    </message>
    <message>
        <source>Consent:</source>
        <translation>Einwilligung:</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Answer modes:</source>
        <translation>Antwortarten:</translation>
    </message>
    <message>
        <source>Slider anchors:</source>
        <translation>Skalenanker:</translation>
    </message>
    <message>
        <source>Repeats:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source>Catch items:</source>
        <translation>Aufmerksamkeitsprüfungen:</translation>
    </message>
    <message>
        <source>Block size:</source>
        <translation>Blockgröße:</translation>
    </message>
    <message>
        <source>Break every:</source>
        <translation>Pause alle:</translation>
    </message>
    <message>
        <source>Practice items:</source>
        <translation>Übungsitems:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Minimum catch pass rate:</source>
        <translation>Mindestquote Aufmerksamkeitsprüfungen:</translation>
    </message>
    <message>
        <source>Add selected images</source>
        <translation>Ausgewählte Bilder hinzufügen</translation>
    </message>
    <message>
        <source>Adds the images selected in the library as items of the chosen kind.</source>
        <translation>Fügt die in der Bibliothek ausgewählten Bilder als Items der gewählten Art hinzu.</translation>
    </message>
    <message>
        <source>Remove items</source>
        <translation>Items entfernen</translation>
    </message>
    <message>
        <source>Start session…</source>
        <translation>Sitzung starten …</translation>
    </message>
    <message>
        <source>as</source>
        <translation>als</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message numerus="yes">
        <source>This study is locked: %n participant plan(s) were made from it. Changing its protocol or items now would no longer match the answers already given. You can still rename it, or duplicate it to make an editable copy.</source>
        <translation>
            <numerusform>Diese Studie ist gesperrt: Aus ihr wurde %n Teilnahmeplan erstellt. Änderungen an Protokoll oder Items würden jetzt nicht mehr zu den bereits gegebenen Antworten passen. Sie können die Studie weiterhin umbenennen oder duplizieren, um eine bearbeitbare Kopie zu erhalten.</numerusform>
            <numerusform>Diese Studie ist gesperrt: Aus ihr wurden %n Teilnahmepläne erstellt. Änderungen an Protokoll oder Items würden jetzt nicht mehr zu den bereits gegebenen Antworten passen. Sie können die Studie weiterhin umbenennen oder duplizieren, um eine bearbeitbare Kopie zu erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <source>No study selected.</source>
        <translation>Keine Studie ausgewählt.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s): %1 catch, %2 practice.</source>
        <translation>
            <numerusform>%n Item, davon Aufmerksamkeitsprüfungen: %1, Übung: %2.</numerusform>
            <numerusform>%n Items, davon Aufmerksamkeitsprüfungen: %1, Übung: %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select or create a study first.</source>
        <translation>Wählen Sie zuerst eine Studie aus oder legen Sie eine an.</translation>
    </message>
    <message>
        <source>“%1” is locked because participants already have plans for it. Duplicate it to make an editable copy.</source>
        <translation>„%1“ ist gesperrt, weil Teilnehmende bereits Pläne dafür haben. Duplizieren Sie die Studie, um eine bearbeitbare Kopie zu erhalten.</translation>
    </message>
    <message>
        <source>Move the slider to show how much you like each image.</source>
        <translation>Zeigen Sie mit dem Schieberegler, wie gut Ihnen jedes Bild gefällt.</translation>
    </message>
    <message>
        <source>Strongly dislike</source>
        <translation>Gefällt mir gar nicht</translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation>Gefällt mir nicht</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Like</source>
        <translation>Gefällt mir</translation>
    </message>
    <message>
        <source>Strongly like</source>
        <translation>Gefällt mir sehr</translation>
    </message>
    <message>
        <source>Select a study to duplicate.</source>
        <translation>Wählen Sie eine Studie zum Duplizieren aus.</translation>
    </message>
    <message>
        <source>No images to add: select images in the library first.</source>
        <translation>Keine Bilder zum Hinzufügen: Wählen Sie zuerst Bilder in der Bibliothek aus.</translation>
    </message>
    <message>
        <source>Move the slider fully to the right</source>
        <translation>Schieben Sie den Regler ganz nach rechts</translation>
    </message>
    <message>
        <source>Select the items to remove first.</source>
        <translation>Wählen Sie zuerst die zu entfernenden Items aus.</translation>
    </message>
    <message>
        <source>Item %1 is not part of “%2”.</source>
        <translation>Item %1 gehört nicht zu „%2“.</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>Neue Studie</translation>
    </message>
    <message>
        <source>Name of the new study:</source>
        <translation>Name der neuen Studie:</translation>
    </message>
    <message>
        <source>Study %1</source>
        <translation>Studie %1</translation>
    </message>
    <message>
        <source>Name of the copy (it gets the same protocol and items, and no participants):</source>
        <translation>Name der Kopie (sie erhält dasselbe Protokoll und dieselben Items, aber keine Teilnehmenden):</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>Show the image&apos;s prompt under it</source>
        <translation>Den Prompt des Bildes darunter zeigen</translation>
    </message>
    <message>
        <source>Off by default: a prompt tells the participant what to look for in the image.</source>
        <translation>Standardmäßig aus: Ein Prompt verrät der teilnehmenden Person, worauf sie im Bild achten soll.</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyItemsModel</name>
    <message>
        <source>Regular</source>
        <translation>Regulär</translation>
    </message>
    <message>
        <source>Catch</source>
        <translation>Aufmerksamkeitsprüfung</translation>
    </message>
    <message>
        <source>Practice</source>
        <translation>Übung</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Move the slider fully to the right</source>
        <translation>Schieben Sie den Regler ganz nach rechts</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Passing range</source>
        <translation>Bestehensbereich</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyListModel</name>
    <message>
        <source>%1 (locked)</source>
        <translation>%1 (gesperrt)</translation>
    </message>
    <message numerus="yes">
        <source>%n participant plan(s) made; the protocol and items can no longer change.</source>
        <translation>
            <numerusform>%n Teilnahmeplan erstellt; Protokoll und Items können sich nicht mehr ändern.</numerusform>
            <numerusform>%n Teilnahmepläne erstellt; Protokoll und Items können sich nicht mehr ändern.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyResultsPage</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Export Tables…</source>
        <translation>Tabellen exportieren …</translation>
    </message>
    <message>
        <source>Participants and images as CSV, and every answer as CSV and JSON Lines</source>
        <translation>Teilnehmende und Bilder als CSV, alle Antworten als CSV und JSON Lines</translation>
    </message>
    <message>
        <source>Save Report…</source>
        <translation>Bericht speichern …</translation>
    </message>
    <message>
        <source>The summary, charts and tables as one PNG picture</source>
        <translation>Zusammenfassung, Diagramme und Tabellen als ein PNG-Bild</translation>
    </message>
    <message>
        <source>Response times</source>
        <translation>Antwortzeiten</translation>
    </message>
    <message>
        <source>Mean rating per image</source>
        <translation>Mittlere Bewertung pro Bild</translation>
    </message>
    <message>
        <source>Ratings of the selected image</source>
        <translation>Bewertungen des ausgewählten Bildes</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>Studie:</translation>
    </message>
    <message>
        <source>Cannot read the studies: %1</source>
        <translation>Die Studien können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>This workspace has no studies yet.</source>
        <translation>Dieser Arbeitsbereich hat noch keine Studien.</translation>
    </message>
    <message>
        <source>Computing the results of “%1”…</source>
        <translation>Die Ergebnisse von „%1“ werden berechnet …</translation>
    </message>
    <message>
        <source>Computing the results of “%1”: image %2 of %3. %4</source>
        <translation>Die Ergebnisse von „%1“ werden berechnet: Bild %2 von %3. %4</translation>
    </message>
    <message>
        <source>Cannot show the results of “%1”: %2</source>
        <translation>Die Ergebnisse von „%1“ können nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>Results of “%1”.</source>
        <translation>Ergebnisse von „%1“.</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s alpha (interval) %1</source>
        <translation>Krippendorffs Alpha (Intervall) %1</translation>
    </message>
    <message>
        <source>ICC(2,1) %1</source>
        <translation>ICC(2,1) %1</translation>
    </message>
    <message>
        <source>ICC(2,k) %1 (%2 images × %3 raters)</source>
        <translation>ICC(2,k) %1 (%2 Bilder × %3 Bewertende)</translation>
    </message>
    <message>
        <source>ICC not defined (needs two raters who rated the same two images)</source>
        <translation>ICC nicht definiert (erfordert zwei Bewertende, die dieselben zwei Bilder bewertet haben)</translation>
    </message>
    <message>
        <source>%1 participants included, %2 excluded</source>
        <translation>%1 Teilnehmende eingeschlossen, %2 ausgeschlossen</translation>
    </message>
    <message>
        <source>no response times</source>
        <translation>keine Antwortzeiten</translation>
    </message>
    <message>
        <source>response time median %1 s, 90th percentile %2 s</source>
        <translation>Antwortzeit Median %1 s, 90. Perzentil %2 s</translation>
    </message>
    <message>
        <source>pairwise: left %1, right %2, tie %3, can&apos;t decide %4</source>
        <translation>paarweise: links %1, rechts %2, gleich gut %3, unentschieden %4</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Response time (s)</source>
        <translation>Antwortzeit (s)</translation>
    </message>
    <message>
        <source>Mean rating</source>
        <translation>Mittlere Bewertung</translation>
    </message>
    <message>
        <source>Ratings of image %1</source>
        <translation>Bewertungen von Bild %1</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>Results of “%1”</source>
        <translation>Ergebnisse von „%1“</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere Zeile</numerusform>
            <numerusform>… und %n weitere Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>No study results are shown yet.</source>
        <translation>Es werden noch keine Studienergebnisse angezeigt.</translation>
    </message>
    <message>
        <source>Cannot export to %1: %2</source>
        <translation>Export nach %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Export Tables To</source>
        <translation>Tabellen exportieren nach</translation>
    </message>
    <message>
        <source>Wrote participants.csv, images.csv, answers.csv and answers.jsonl to %1.</source>
        <translation>participants.csv, images.csv, answers.csv und answers.jsonl wurden nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>Export Tables</source>
        <translation>Tabellen exportieren</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Saved the report to %1.</source>
        <translation>Der Bericht wurde unter %1 gespeichert.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Rank (best first)</source>
        <translation>Rang (bester zuerst)</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
</context>
<context>
    <name>tastelab::widgets::StudyRunner</name>
    <message>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
    <message>
        <source>I have read the information above and agree to take part.</source>
        <translation>Ich habe die obigen Informationen gelesen und bin mit der Teilnahme einverstanden.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>Ich bin nicht einverstanden</translation>
    </message>
    <message>
        <source>Press Space to tick the box, then Enter to continue.</source>
        <translation>Drücken Sie die Leertaste, um das Kästchen anzukreuzen, und dann die Eingabetaste, um fortzufahren.</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Vielen Dank</translation>
    </message>
    <message>
        <source>You chose not to take part. Nothing has been recorded.</source>
        <translation>Sie haben sich gegen eine Teilnahme entschieden. Es wurde nichts aufgezeichnet.</translation>
    </message>
    <message>
        <source>Your participant id</source>
        <translation>Ihre Teilnahme-ID</translation>
    </message>
    <message>
        <source>As given to you by the experimenter</source>
        <translation>Wie von der Versuchsleitung mitgeteilt</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Anleitung</translation>
    </message>
    <message>
        <source>Begin</source>
        <translation>Beginnen</translation>
    </message>
    <message>
        <source>Press Enter to begin.</source>
        <translation>Drücken Sie die Eingabetaste, um zu beginnen.</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v von %m</translation>
    </message>
    <message>
        <source>Stop for now</source>
        <translation>Vorerst beenden</translation>
    </message>
    <message>
        <source>There is no study named &quot;%1&quot; in this workspace.</source>
        <translation>In diesem Arbeitsbereich gibt es keine Studie namens „%1“.</translation>
    </message>
    <message>
        <source>You are invited to rate images. Your answers are stored under a pseudonymous id on this computer and used for research only. You may stop at any time.</source>
        <translation>Sie sind eingeladen, Bilder zu bewerten. Ihre Antworten werden unter einer pseudonymen ID auf diesem Rechner gespeichert und nur für Forschungszwecke verwendet. Sie können jederzeit aufhören.</translation>
    </message>
    <message>
        <source>The study cannot continue</source>
        <translation>Die Studie kann nicht fortgesetzt werden</translation>
    </message>
    <message>
        <source>Please ask the experimenter for help.</source>
        <translation>Bitte wenden Sie sich an die Versuchsleitung.</translation>
    </message>
    <message>
        <source>Please type your participant id.</source>
        <translation>Bitte geben Sie Ihre Teilnahme-ID ein.</translation>
    </message>
    <message>
        <source>This participant id has already completed the study.</source>
        <translation>Mit dieser Teilnahme-ID wurde die Studie bereits abgeschlossen.</translation>
    </message>
    <message>
        <source>This participant id cannot start the study. Please ask the experimenter.</source>
        <translation>Mit dieser Teilnahme-ID kann die Studie nicht gestartet werden. Bitte wenden Sie sich an die Versuchsleitung.</translation>
    </message>
    <message>
        <source>You will see a series of images. Rate how much you like each one.</source>
        <translation>Sie sehen eine Reihe von Bildern. Bewerten Sie, wie gut Ihnen jedes gefällt.</translation>
    </message>
    <message>
        <source>Rating: move the slider with the mouse or with Left and Right (hold Shift for small steps), or press 1 to 5 to jump to a label. Press Enter to submit.</source>
        <translation>Bewerten: Bewegen Sie den Schieberegler mit der Maus oder mit den Pfeiltasten links und rechts (Umschalttaste halten für kleine Schritte), oder drücken Sie 1 bis 5, um zu einer Beschriftung zu springen. Mit der Eingabetaste senden Sie ab.</translation>
    </message>
    <message>
        <source>Choosing: press 1 for the left image, 2 for the right one, T if you like both equally, or C if you cannot decide.</source>
        <translation>Auswählen: Drücken Sie 1 für das linke Bild, 2 für das rechte, T, wenn Ihnen beide gleich gut gefallen, oder C, wenn Sie sich nicht entscheiden können.</translation>
    </message>
    <message>
        <source>Press Backspace to go back to the previous image.</source>
        <translation>Mit der Rücktaste gehen Sie zum vorigen Bild zurück.</translation>
    </message>
    <message>
        <source>The first few images are practice: those answers are not recorded.</source>
        <translation>Die ersten Bilder dienen zur Übung: Diese Antworten werden nicht aufgezeichnet.</translation>
    </message>
    <message>
        <source>Welcome back: you continue with image %1 of %2</source>
        <translation>Willkommen zurück: Sie machen mit Bild %1 von %2 weiter</translation>
    </message>
    <message>
        <source>Practice</source>
        <translation>Übung</translation>
    </message>
    <message>
        <source>Your answer could not be saved: %1</source>
        <translation>Ihre Antwort konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Vielen Dank!</translation>
    </message>
    <message>
        <source>You have finished. Please tell the experimenter.</source>
        <translation>Sie sind fertig. Bitte geben Sie der Versuchsleitung Bescheid.</translation>
    </message>
    <message>
        <source>You have finished the study. Your completion code is:</source>
        <translation>Sie haben die Studie abgeschlossen. Ihr Abschlusscode lautet:</translation>
    </message>
    <message>
        <source>Practice is over</source>
        <translation>Die Übung ist vorbei</translation>
    </message>
    <message>
        <source>From now on your answers count. Press Enter to continue.</source>
        <translation>Ab jetzt zählen Ihre Antworten. Drücken Sie die Eingabetaste, um fortzufahren.</translation>
    </message>
    <message>
        <source>Time for a short break</source>
        <translation>Zeit für eine kurze Pause</translation>
    </message>
    <message>
        <source>You have rated %1 of %2 images. Press Enter when you are ready to continue, or stop here and come back later.</source>
        <translation>Sie haben %1 von %2 Bildern bewertet. Drücken Sie die Eingabetaste, wenn Sie bereit sind fortzufahren, oder hören Sie hier auf und machen Sie später weiter.</translation>
    </message>
    <message>
        <source>See you later</source>
        <translation>Bis später</translation>
    </message>
    <message>
        <source>Your answers so far are saved. Next time you continue from here.</source>
        <translation>Ihre bisherigen Antworten sind gespeichert. Beim nächsten Mal machen Sie hier weiter.</translation>
    </message>
    <message>
        <source>This image could not be shown: %1</source>
        <translation>Dieses Bild konnte nicht angezeigt werden: %1</translation>
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
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>%1 · %2 so far</source>
        <translation>%1 · bisher %2</translation>
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
        <source>Preparing…</source>
        <translation>Wird vorbereitet …</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten …</translation>
    </message>
    <message>
        <source>Pairwise accuracy (%)</source>
        <translation>Paarweise Genauigkeit (%)</translation>
    </message>
    <message>
        <source>loading the answers</source>
        <translation>Antworten werden geladen</translation>
    </message>
    <message>
        <source>personal model</source>
        <translation>persönliches Modell</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>population model</source>
        <translation>Populationsmodell</translation>
    </message>
    <message>
        <source>seen people on new images</source>
        <translation>bekannte Personen auf neuen Bildern</translation>
    </message>
    <message>
        <source>held-out people, N_ref %1</source>
        <translation>zurückgehaltene Personen, N_ref %1</translation>
    </message>
    <message>
        <source>loss ablation, %1</source>
        <translation>Verlust-Ablation, %1</translation>
    </message>
    <message>
        <source>saving the model</source>
        <translation>Modell wird gespeichert</translation>
    </message>
    <message>
        <source>%1, epoch %2 of %3</source>
        <translation>%1, Epoche %2 von %3</translation>
    </message>
    <message>
        <source>Evaluation %1 of %2: %3</source>
        <translation>Auswertung %1 von %2: %3</translation>
    </message>
    <message>
        <source>Training %1 of %2: %3</source>
        <translation>Training %1 von %2: %3</translation>
    </message>
    <message>
        <source>Training loss (left axis)</source>
        <translation>Trainingsverlust (linke Achse)</translation>
    </message>
    <message>
        <source>Validation loss (right axis)</source>
        <translation>Validierungsverlust (rechte Achse)</translation>
    </message>
    <message>
        <source>Held-out people: pairwise accuracy by N_ref</source>
        <translation>Zurückgehaltene Personen: paarweise Genauigkeit nach N_ref</translation>
    </message>
    <message>
        <source>Failed after %1: %2</source>
        <translation>Nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Cancelled after %1.</source>
        <translation>Nach %1 abgebrochen.</translation>
    </message>
    <message>
        <source>Trained and evaluated in %1 (training %2, best epoch %3; evaluation %4).</source>
        <translation>In %1 trainiert und ausgewertet (Training %2, beste Epoche %3; Auswertung %4).</translation>
    </message>
    <message>
        <source>Trained in %1; best epoch %2.</source>
        <translation>In %1 trainiert; beste Epoche %2.</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>%1 · %2 so far</source>
        <translation>%1 · bisher %2</translation>
    </message>
    <message>
        <source>N_ref (answers known)</source>
        <translation>N_ref (bekannte Antworten)</translation>
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
        <translation>Dem&amp;o öffnen</translation>
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
    <message>
        <source>Sh&amp;ow in File Manager</source>
        <translation>Im Dateimanager &amp;zeigen</translation>
    </message>
</context>
</TS>
