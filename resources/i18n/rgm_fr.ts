<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AdjustmentDialog</name>
    <message>
        <location filename="../../ui/follow_up.py" line="265"/>
        <source>Correction for case {number}</source>
        <translation>Correction pour le dossier {number}</translation>
    </message>
</context>
<context>
    <name>AdjustmentView</name>
    <message>
        <location filename="../../ui/follow_up.py" line="226"/>
        <source>Correct a payment</source>
        <translation>Corriger un paiement</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="230"/>
        <source>-5000 to take back, 5000 to add</source>
        <translation>-5000 pour reprendre, 5000 pour ajouter</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="239"/>
        <source>Record the correction</source>
        <translation>Enregistrer la correction</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="242"/>
        <source>Payment corrected</source>
        <translation>Paiement corrigé</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="243"/>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="244"/>
        <source>Dated</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="245"/>
        <source>Receipt reference</source>
        <translation>Référence du reçu</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="246"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>CaseColumns</name>
    <message>
        <location filename="../../ui/case_table.py" line="37"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="45"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="50"/>
        <source>Family name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="55"/>
        <source>Given names</source>
        <translation>Prénoms</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="60"/>
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="65"/>
        <source>Born</source>
        <translation>Naissance</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="71"/>
        <source>Country of origin</source>
        <translation>Pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="76"/>
        <source>Transit centre</source>
        <translation>Centre de transit</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="81"/>
        <source>State</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="86"/>
        <source>On hold</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="91"/>
        <source>Possible duplicate</source>
        <translation>Doublon possible</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="96"/>
        <source>Registered</source>
        <translation>Enregistré le</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="102"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/case_table.py" line="107"/>
        <source>Document</source>
        <translation>Pièce</translation>
    </message>
</context>
<context>
    <name>CaseFileDialog</name>
    <message>
        <location filename="../../ui/case_file.py" line="218"/>
        <source>Case {number}</source>
        <translation>Dossier {number}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="224"/>
        <source>State: {state}</source>
        <translation>Étape : {state}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="225"/>
        <source>Origin: {country}</source>
        <translation>Origine : {country}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="226"/>
        <source>Registered {when} by {who}</source>
        <translation>Enregistré le {when} par {who}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="231"/>
        <source>{n} possible duplicate(s) to decide</source>
        <translation>{n} doublon(s) possible(s) à trancher</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="233"/>
        <source>On hold</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="255"/>
        <source>Fields are checked as you type, with the import's rules.</source>
        <translation>Les champs sont vérifiés pendant la saisie, avec les règles de l'import.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="263"/>
        <location filename="../../ui/case_file.py" line="283"/>
        <source>The case is {state}.</source>
        <translation>Le dossier est à l'étape « {state} ».</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="270"/>
        <source>The case is not on hold.</source>
        <translation>Le dossier n'est pas en attente.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="297"/>
        <source>No grant waits for approval.</source>
        <translation>Aucune subvention n'attend d'approbation.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="300"/>
        <source>Waiting for approval.</source>
        <translation>En attente d'approbation.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="307"/>
        <source>No approved grant.</source>
        <translation>Aucune subvention approuvée.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="310"/>
        <source>No payment recorded yet.</source>
        <translation>Aucun paiement enregistré pour l'instant.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="321"/>
        <source>Already issued: print a copy with “Preview and print”.</source>
        <translation>Déjà émise : imprimez une copie avec « Aperçu et impression ».</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="334"/>
        <source>Print the agreement first.</source>
        <translation>Imprimez d'abord la convention.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="350"/>
        <source>Decided</source>
        <translation>Décidé le</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="351"/>
        <location filename="../../ui/case_file.py" line="487"/>
        <location filename="../../ui/case_file.py" line="512"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="352"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="353"/>
        <location filename="../../ui/case_file.py" line="514"/>
        <location filename="../../ui/case_file.py" line="641"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="363"/>
        <source>Decisions taken</source>
        <translation>Décisions prises</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="381"/>
        <source>No grant planned yet.</source>
        <translation>Aucune aide planifiée pour l'instant.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="384"/>
        <source>Version {version}, {state}: total {total} (ceiling {ceiling}), paid {paid}</source>
        <translation>Version {version}, {state} : total {total} (plafond {ceiling}), payé {paid}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="393"/>
        <source>approved by {who} on {when}</source>
        <translation>approuvée par {who} le {when}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="401"/>
        <source>Package</source>
        <translation>Type d'aide</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="403"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="404"/>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="406"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="416"/>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="417"/>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="419"/>
        <source>Planned</source>
        <translation>Prévu</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="424"/>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="429"/>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="440"/>
        <source>Items</source>
        <translation>Éléments</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="442"/>
        <source>Instalments and payments</source>
        <translation>Tranches et paiements</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="449"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="449"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="452"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="453"/>
        <source>Visitor</source>
        <translation>Visiteur</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="455"/>
        <source>Business operating</source>
        <translation>Activité en marche</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="462"/>
        <source>Condition met</source>
        <translation>Condition remplie</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="463"/>
        <source>Final</source>
        <translation>Finale</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="464"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="470"/>
        <source>No monitoring visit yet.</source>
        <translation>Aucune visite de suivi pour l'instant.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="476"/>
        <source>issued</source>
        <translation>émise</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="477"/>
        <source>signed</source>
        <translation>signée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="478"/>
        <source>void</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="482"/>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="483"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="484"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="485"/>
        <source>Verification code</source>
        <translation>Code de vérification</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="486"/>
        <source>Issued</source>
        <translation>Émise le</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="488"/>
        <source>Prints</source>
        <translation>Impressions</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="795"/>
        <source>grant planned</source>
        <translation>subvention planifiée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="796"/>
        <source>grant approved</source>
        <translation>subvention approuvée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="797"/>
        <source>payment recorded</source>
        <translation>paiement enregistré</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="798"/>
        <source>payment adjusted</source>
        <translation>paiement corrigé</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="799"/>
        <source>monitoring visit</source>
        <translation>visite de suivi</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="800"/>
        <source>agreement issued</source>
        <translation>convention émise</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="801"/>
        <source>agreement reprinted</source>
        <translation>convention réimprimée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="802"/>
        <source>agreement signed</source>
        <translation>convention signée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="803"/>
        <source>agreement void</source>
        <translation>convention annulée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="328"/>
        <location filename="../../ui/case_file.py" line="494"/>
        <source>No agreement issued yet.</source>
        <translation>Aucune convention émise pour l'instant.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="511"/>
        <source>Placed</source>
        <translation>Mis le</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="515"/>
        <source>(suspension)</source>
        <translation>(suspension)</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="517"/>
        <source>Released</source>
        <translation>Levée le</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="518"/>
        <source>Released by</source>
        <translation>Levée par</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="519"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="525"/>
        <source>Never held.</source>
        <translation>Jamais mis en attente.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="537"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="538"/>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="539"/>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="540"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="561"/>
        <source>Changed meanwhile</source>
        <translation>Modifié entre-temps</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="590"/>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="598"/>
        <source>Choose a decision.</source>
        <translation>Choisissez une décision.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="621"/>
        <source>Put on hold</source>
        <translation>Mettre en attente</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="621"/>
        <source>Why is the case held?</source>
        <translation>Pourquoi le dossier est-il mis en attente ?</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="630"/>
        <source>Release the hold</source>
        <translation>Lever l'attente</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="630"/>
        <source>Why is the hold released?</source>
        <translation>Pourquoi l'attente est-elle levée ?</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="641"/>
        <location filename="../../ui/case_file.py" line="649"/>
        <source>Close the case</source>
        <translation>Clore le dossier</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="649"/>
        <source>Number of the case it duplicates</source>
        <translation>Numéro du dossier dont il est le doublon</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="731"/>
        <source>Agreement {number}</source>
        <translation>Convention {number}</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="732"/>
        <source>Verification code {code}.</source>
        <translation>Code de vérification {code}.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="734"/>
        <source>Copy {n}: marked as a copy.</source>
        <translation>Copie {n} : marquée comme copie.</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="748"/>
        <source>Mark as signed</source>
        <translation>Marquer comme signée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="749"/>
        <source>Did the returnee sign (or thumbprint) agreement {number}?</source>
        <translation>La personne a-t-elle signé (ou apposé son empreinte sur) la convention {number} ?</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="787"/>
        <location filename="../../ui/case_file.py" line="793"/>
        <source>registered</source>
        <translation>enregistré</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="788"/>
        <source>state changed</source>
        <translation>changement d'étape</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="789"/>
        <source>put on hold</source>
        <translation>mis en attente</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="790"/>
        <source>hold released</source>
        <translation>attente levée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="791"/>
        <source>screening decision</source>
        <translation>décision d'éligibilité</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="792"/>
        <source>identity corrected</source>
        <translation>identité corrigée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="794"/>
        <source>imported</source>
        <translation>importé</translation>
    </message>
    <message>
        <source>Next: {step}</source>
        <translation>À faire : {step}</translation>
    </message>
    <message>
        <source>Nothing waits for a signature.</source>
        <translation>Aucune convention n&apos;attend de signature.</translation>
    </message>
</context>
<context>
    <name>CaseFileView</name>
    <message>
        <location filename="../../ui/case_file.py" line="79"/>
        <source>Save the identity</source>
        <translation>Enregistrer l'identité</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="88"/>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="91"/>
        <source>Eligibility checklist</source>
        <translation>Liste de contrôle d'éligibilité</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="99"/>
        <source>(optional)</source>
        <translation>(facultatif)</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="108"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="109"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="110"/>
        <source>Record the decision</source>
        <translation>Enregistrer la décision</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="118"/>
        <source>Screening</source>
        <translation>Éligibilité</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="123"/>
        <source>Plan the grant…</source>
        <translation>Planifier l'aide…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="124"/>
        <source>Approve the grant</source>
        <translation>Approuver l'aide</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="125"/>
        <source>Record a payment…</source>
        <translation>Enregistrer un paiement…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="126"/>
        <source>Correct a payment…</source>
        <translation>Corriger un paiement…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="130"/>
        <source>Grant and payments</source>
        <translation>Aide et paiements</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="132"/>
        <source>Record a visit…</source>
        <translation>Enregistrer une visite…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="135"/>
        <source>Visits</source>
        <translation>Visites</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="137"/>
        <source>Issue the agreement</source>
        <translation>Émettre la convention</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="138"/>
        <source>Preview and print…</source>
        <translation>Aperçu et impression…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="139"/>
        <source>Verify a code…</source>
        <translation>Vérifier un code…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="140"/>
        <source>Mark as signed</source>
        <translation>Marquer comme signée</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="143"/>
        <source>Agreement</source>
        <translation>Convention</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="145"/>
        <source>Put on hold…</source>
        <translation>Mettre en attente…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="146"/>
        <source>Release the hold…</source>
        <translation>Lever l'attente…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="147"/>
        <source>Close the case…</source>
        <translation>Clore le dossier…</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="150"/>
        <source>Holds</source>
        <translation>Mises en attente</translation>
    </message>
    <message>
        <location filename="../../ui/case_file.py" line="154"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../ui/cases_page.py" line="134"/>
        <location filename="../../ui/cases_page.py" line="137"/>
        <location filename="../../ui/cases_page.py" line="138"/>
        <location filename="../../ui/cases_page.py" line="139"/>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="140"/>
        <source>On hold</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="141"/>
        <source>Not on hold</source>
        <translation>Pas en attente</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="158"/>
        <source>Loading {total} cases…</source>
        <translation>Chargement de {total} dossiers…</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="236"/>
        <source>{total} cases</source>
        <translation>{total} dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="238"/>
        <source>{shown} of {total} cases</source>
        <translation>{shown} dossiers sur {total}</translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <location filename="../../ui/cases_page.py" line="40"/>
        <source>Search by name, case number, phone or document (Ctrl+F)</source>
        <translation>Chercher par nom, numéro de dossier, téléphone ou pièce (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="47"/>
        <source>Possible duplicates only</source>
        <translation>Doublons possibles seulement</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="49"/>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="53"/>
        <source>New registration…</source>
        <translation>Nouvel enregistrement…</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="73"/>
        <source>State</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="74"/>
        <source>Origin</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="75"/>
        <source>Transit centre</source>
        <translation>Centre de transit</translation>
    </message>
    <message>
        <location filename="../../ui/cases_page.py" line="76"/>
        <source>Hold</source>
        <translation>Attente</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/dashboard.py" line="241"/>
        <source>State</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="242"/>
        <location filename="../../ui/dashboard.py" line="249"/>
        <source>Cases</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="248"/>
        <source>Country of origin</source>
        <translation>Pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="255"/>
        <source>Country / package</source>
        <translation>Pays / type d'aide</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="256"/>
        <source>Grants</source>
        <translation>Subventions</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="257"/>
        <source>Ceiling × cases</source>
        <translation>Plafond × dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="258"/>
        <source>Approved</source>
        <translation>Approuvé</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="259"/>
        <source>Used</source>
        <translation>Utilisé</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="260"/>
        <source>Disbursed</source>
        <translation>Décaissé</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="261"/>
        <source>Approved (EUR)</source>
        <translation>Approuvé (EUR)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="262"/>
        <source>Disbursed (EUR)</source>
        <translation>Décaissé (EUR)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="268"/>
        <source>Border post or nationality</source>
        <translation>Poste frontière ou nationalité</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="269"/>
        <source>Week of</source>
        <translation>Semaine du</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="270"/>
        <source>Registrations</source>
        <translation>Enregistrements</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="272"/>
        <source>Mean of the {weeks} weeks before</source>
        <translation>Moyenne des {weeks} semaines précédentes</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="276"/>
        <source>P(X ≥ count)</source>
        <translation>P(X ≥ nombre)</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="287"/>
        <source>Cases by state</source>
        <translation>Dossiers par étape</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="290"/>
        <source>Cases by country of origin</source>
        <translation>Dossiers par pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="294"/>
        <source>Pale bar: ceiling × cases (catalogue ceiling of each package times the approved grants that include it); blue: approved; dark blue: disbursed.</source>
        <translation>Barre pâle : plafond × dossiers (plafond du catalogue de chaque type d'aide multiplié par les subventions approuvées qui l'incluent) ; bleu : approuvé ; bleu foncé : décaissé.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="298"/>
        <source>Budget used against ceilings</source>
        <translation>Budget utilisé par rapport aux plafonds</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="306"/>
        <source>Registrations per week</source>
        <translation>Enregistrements par semaine</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="312"/>
        <source>Weekly intake</source>
        <translation>Arrivées hebdomadaires</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="380"/>
        <source>{n} cases</source>
        <translation>{n} dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="381"/>
        <source>On hold: {n}</source>
        <translation>En attente : {n}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="383"/>
        <source>Possible duplicates to decide: {n}</source>
        <translation>Doublons possibles à trancher : {n}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="415"/>
        <source>Amounts in EUR at the exchange rates of {month}.</source>
        <translation>Montants en EUR aux taux de change de {month}.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="419"/>
        <source>Rate missing for {currencies}: no EUR amount shown.</source>
        <translation>Taux manquant pour {currencies} : aucun montant en EUR affiché.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="424"/>
        <source>Rule: {rule}.</source>
        <translation>Règle : {rule}.</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="433"/>
        <source>Unusual weeks: {n}</source>
        <translation>Semaines inhabituelles : {n}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="454"/>
        <source>Suspension for {scope}: {progress}</source>
        <translation>Suspension pour {scope} : {progress}</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="482"/>
        <source>Nationality</source>
        <translation>Nationalité</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="482"/>
        <source>Border post</source>
        <translation>Poste frontière</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="497"/>
        <source>rate missing</source>
        <translation>taux manquant</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="501"/>
        <source>{value}%</source>
        <translation>{value} %</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="512"/>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../ui/dashboard.py" line="164"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="165"/>
        <source>Loading the figures…</source>
        <translation>Chargement des chiffres…</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="168"/>
        <source>Show the cases on hold</source>
        <translation>Afficher les dossiers en attente</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="170"/>
        <source>Review the possible duplicates</source>
        <translation>Examiner les doublons possibles</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="177"/>
        <source>per border post</source>
        <translation>par poste frontière</translation>
    </message>
    <message>
        <location filename="../../ui/dashboard.py" line="178"/>
        <source>per nationality</source>
        <translation>par nationalité</translation>
    </message>
</context>
<context>
    <name>DisbursementsPage</name>
    <message>
        <location filename="../../ui/pages.py" line="154"/>
        <source>Paid on</source>
        <translation>Payé le</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="155"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="156"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="158"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="162"/>
        <source>Method</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="163"/>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="170"/>
        <source>Disbursements</source>
        <translation>Décaissements</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="177"/>
        <source>The {n} latest payments</source>
        <translation>Les {n} derniers paiements</translation>
    </message>
    <message>
        <location filename="../../ui/disbursements_page.py" line="165"/>
        <source>Import payments from Excel…</source>
        <translation>Importer des paiements depuis Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/disbursements_page.py" line="155"/>
        <source>Instalment</source>
        <translation>Tranche</translation>
    </message>
    <message>
        <location filename="../../ui/disbursements_page.py" line="159"/>
        <source>Recorded by</source>
        <translation>Saisi par</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/first_start.py" line="169"/>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe diffèrent.</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="174"/>
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases secrètes diffèrent.</translation>
    </message>
</context>
<context>
    <name>FirstStartView</name>
    <message>
        <location filename="../../ui/first_start.py" line="46"/>
        <source>First start — Reintegration Grant Manager</source>
        <translation>Premier démarrage — Gestion des aides à la réintégration</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="49"/>
        <source>No database was found on this computer. Describe your office and its first administrator; everything can be changed later in Settings.</source>
        <translation>Aucune base de données n'a été trouvée sur cet ordinateur. Décrivez votre bureau et son premier administrateur ; tout pourra être modifié ensuite dans Paramètres.</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="55"/>
        <source>e.g. BKO</source>
        <translation>ex. BKO</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="57"/>
        <source>e.g. Bureau de Bamako</source>
        <translation>ex. Bureau de Bamako</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="73"/>
        <source>Random key kept in this computer's keyring</source>
        <translation>Clé aléatoire gardée dans le trousseau de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="74"/>
        <source>A passphrase typed at each start</source>
        <translation>Une phrase secrète saisie à chaque démarrage</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="83"/>
        <source>This computer has no secure keyring: a passphrase is needed.</source>
        <translation>Cet ordinateur n'a pas de trousseau sécurisé : une phrase secrète est nécessaire.</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="90"/>
        <source>Load demo data to try the application</source>
        <translation>Charger des données de démonstration pour essayer l'application</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="94"/>
        <source> cases</source>
        <translation> dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="103"/>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="105"/>
        <source>Office</source>
        <translation>Bureau</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="107"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="108"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="109"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="110"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="111"/>
        <source>First administrator</source>
        <translation>Premier administrateur</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="113"/>
        <source>User name</source>
        <translation>Nom d'utilisateur</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="114"/>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="115"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="116"/>
        <source>Password again</source>
        <translation>Mot de passe (encore)</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="117"/>
        <source>Database encryption</source>
        <translation>Chiffrement de la base</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="122"/>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="123"/>
        <source>Passphrase again</source>
        <translation>Phrase secrète (encore)</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="124"/>
        <source>Demo data</source>
        <translation>Données de démonstration</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="127"/>
        <source>Number of cases</source>
        <translation>Nombre de dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="130"/>
        <source>Welcome</source>
        <translation>Bienvenue</translation>
    </message>
</context>
<context>
    <name>IdentityForm</name>
    <message>
        <location filename="../../ui/identity_form.py" line="45"/>
        <source>dd/mm/yyyy, or a year: vers 1990</source>
        <translation>jj/mm/aaaa, ou une année : vers 1990</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="55"/>
        <source>as people type it: 76 12 34 56, +223…</source>
        <translation>tel qu'on le saisit : 76 12 34 56, +223…</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="60"/>
        <source>dd/mm/yyyy</source>
        <translation>jj/mm/aaaa</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="66"/>
        <source>date of consent, or oui</source>
        <translation>date du consentement, ou oui</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="73"/>
        <source>Family name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="74"/>
        <source>Given names</source>
        <translation>Prénoms</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="75"/>
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="76"/>
        <source>Date of birth</source>
        <translation>Date de naissance</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="77"/>
        <source>Nationality</source>
        <translation>Nationalité</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="78"/>
        <source>Country of origin</source>
        <translation>Pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="79"/>
        <source>Document type</source>
        <translation>Type de pièce</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="80"/>
        <source>Document number</source>
        <translation>Numéro de pièce</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="81"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="82"/>
        <source>Place of origin</source>
        <translation>Lieu d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="83"/>
        <source>Returned from</source>
        <translation>De retour de</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="84"/>
        <source>Border post</source>
        <translation>Poste frontière</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="85"/>
        <source>Arrival date</source>
        <translation>Date d'arrivée</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="86"/>
        <source>Transit centre</source>
        <translation>Centre de transit</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="87"/>
        <source>Household size</source>
        <translation>Taille du ménage</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="88"/>
        <source>Consent</source>
        <translation>Consentement</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="89"/>
        <source>Field reference</source>
        <translation>Référence terrain</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="105"/>
        <source>Vulnerabilities</source>
        <translation>Vulnérabilités</translation>
    </message>
    <message>
        <location filename="../../ui/identity_form.py" line="106"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>IntakeTableModel</name>
    <message>
        <location filename="../../ui/dashboard.py" line="128"/>
        <source>{count} registrations; mean of the {weeks} weeks before: {mean}; P = {p}</source>
        <translation>{count} enregistrements ; moyenne des {weeks} semaines précédentes : {mean} ; P = {p}</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <location filename="../../desktop/jobs.py" line="81"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="96"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="97"/>
        <source>Cases</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="98"/>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="99"/>
        <source>Disbursements</source>
        <translation>Décaissements</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Ctrl+{n}</source>
        <translation>Ctrl+{n}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>&amp;New registration…</source>
        <translation>&amp;Nouvel enregistrement…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>&amp;Go</source>
        <translation>&amp;Aller à</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>&amp;Find a case</source>
        <translation>&amp;Chercher un dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Signed in: {name} ({roles})</source>
        <translation>Connecté : {name} ({roles})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Office: {code} — {name}, {country}</source>
        <translation>Bureau : {code} — {name}, {country}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>Database: {label}</source>
        <translation>Base : {label}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="234"/>
        <source>Assistance suspended since {date} for {scope}: {reason} ({progress})</source>
        <translation>Assistance suspendue depuis le {date} pour {scope} : {reason} ({progress})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="233"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="233"/>
        <source>&amp;About Reintegration Grant Manager</source>
        <translation>À &amp;propos de Gestion des aides à la réintégration</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Sauvegarde restaurée</translation>
    </message>
    <message>
        <source>The backup is restored (the previous database was kept as {path}). The window closes now: sign in again.</source>
        <translation>La sauvegarde est restaurée (la base précédente a été gardée sous {path}). La fenêtre se ferme maintenant : reconnectez-vous.</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Session fermée</translation>
    </message>
    <message>
        <source>{reason} The window closes now.</source>
        <translation>{reason} La fenêtre se ferme maintenant.</translation>
    </message>
</context>
<context>
    <name>MainWindowView</name>
    <message>
        <location filename="../../ui/main_window.py" line="35"/>
        <source>Reintegration Grant Manager</source>
        <translation>Gestion des aides à la réintégration</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="122"/>
        <source>New password for {user}</source>
        <translation>Nouveau mot de passe pour {user}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="122"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="127"/>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="128"/>
        <source>Again to confirm</source>
        <translation>Encore une fois pour confirmer</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="132"/>
        <source>The two entries differ.</source>
        <translation>Les deux saisies diffèrent.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/follow_up.py" line="98"/>
        <source>Payment for case {number}</source>
        <translation>Paiement pour le dossier {number}</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="105"/>
        <source>No. {n}: {condition}, {remaining} remaining of {planned}</source>
        <translation>N° {n} : {condition}, reste {remaining} sur {planned}</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="134"/>
        <source>The case has no approved grant.</source>
        <translation>Le dossier n'a pas de subvention approuvée.</translation>
    </message>
</context>
<context>
    <name>PaymentView</name>
    <message>
        <location filename="../../ui/follow_up.py" line="50"/>
        <source>Record a payment</source>
        <translation>Enregistrer un paiement</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="64"/>
        <source>Record the payment</source>
        <translation>Enregistrer le paiement</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="67"/>
        <source>Instalment</source>
        <translation>Tranche</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="68"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="69"/>
        <source>Paid on</source>
        <translation>Payé le</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="70"/>
        <source>Method</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="71"/>
        <source>Receipt reference</source>
        <translation>Référence du reçu</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="72"/>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="73"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>PlanGrantDialog</name>
    <message>
        <location filename="../../ui/grant_dialog.py" line="112"/>
        <source>Grant of case {number}</source>
        <translation>Subvention du dossier {number}</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="116"/>
        <source>Only needed when the total exceeds the ceiling.</source>
        <translation>Nécessaire seulement si le total dépasse le plafond.</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="169"/>
        <source>Total {total} · ceiling {ceiling}</source>
        <translation>Total {total} · plafond {ceiling}</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="191"/>
        <source>Choose a package for every item.</source>
        <translation>Choisissez un type d'aide pour chaque ligne.</translation>
    </message>
    <message>
        <source>instalments {sum}</source>
        <translation>tranches {sum}</translation>
    </message>
    <message>
        <source>Give the amount of each instalment.</source>
        <translation>Indiquez le montant de chaque tranche.</translation>
    </message>
</context>
<context>
    <name>PlanGrantView</name>
    <message>
        <location filename="../../ui/grant_dialog.py" line="59"/>
        <source>Plan the grant</source>
        <translation>Planifier la subvention</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="63"/>
        <source>Package</source>
        <translation>Type d'aide</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="63"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="63"/>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="63"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="67"/>
        <source>Add an item</source>
        <translation>Ajouter une ligne</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="75"/>
        <source>Save the plan</source>
        <translation>Enregistrer le plan</translation>
    </message>
    <message>
        <location filename="../../ui/grant_dialog.py" line="77"/>
        <source>Reason to exceed the ceiling</source>
        <translation>Motif du dépassement du plafond</translation>
    </message>
    <message>
        <source>Set the instalments (instead of the catalogue&apos;s plan)</source>
        <translation>Fixer les tranches (au lieu du plan du catalogue)</translation>
    </message>
    <message>
        <source>Instalment amount</source>
        <translation>Montant de la tranche</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Already paid</source>
        <translation>Déjà payé</translation>
    </message>
    <message>
        <source>Add an instalment</source>
        <translation>Ajouter une tranche</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="46"/>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
</context>
<context>
    <name>RateDialog</name>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="140"/>
        <source>Exchange rate</source>
        <translation>Taux de change</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="140"/>
        <source>Set the rate</source>
        <translation>Enregistrer le taux</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="144"/>
        <source>YYYY-MM</source>
        <translation>AAAA-MM</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="149"/>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="150"/>
        <source>Currency</source>
        <translation>Monnaie</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="151"/>
        <source>Units for one euro</source>
        <translation>Unités pour un euro</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <location filename="../../ui/registration.py" line="199"/>
        <source>{number} (score {score})</source>
        <translation>{number} (score {score})</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="204"/>
        <source>Case {number} is registered. It may be the same person as: {cases}. The pairs are flagged for review: the case waits until an approver or an administrator who did not register either case decides them on the Review page.</source>
        <translation>Le dossier {number} est enregistré. Il s&apos;agit peut-être de la même personne que : {cases}. Les paires sont signalées pour revue : le dossier attend qu&apos;un approbateur ou un administrateur qui n&apos;a enregistré aucun des deux dossiers les tranche dans la page Revue.</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="210"/>
        <source>Possible duplicates flagged</source>
        <translation>Doublons possibles signalés</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="95"/>
        <source>Indexing the registered people…</source>
        <translation>Indexation des personnes enregistrées…</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="104"/>
        <source>Preparing the duplicate check…</source>
        <translation>Préparation de la recherche de doublons…</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="110"/>
        <source>Duplicate check cancelled.</source>
        <translation>Recherche de doublons annulée.</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="118"/>
        <source>People who may be the same person appear here as you type.</source>
        <translation>Les personnes qui pourraient être la même apparaissent ici pendant la saisie.</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="150"/>
        <source>{number} — {name}, born {born} (score {score})</source>
        <translation>{number} — {name}, né(e) le {born} (score {score})</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="160"/>
        <source>No likely duplicate.</source>
        <translation>Aucun doublon probable.</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="163"/>
        <source>Check these before registering: they may be the same person.</source>
        <translation>Vérifiez-les avant d'enregistrer : il peut s'agir de la même personne.</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="176"/>
        <source>{n} field(s) to correct before registering.</source>
        <translation>{n} champ(s) à corriger avant d'enregistrer.</translation>
    </message>
</context>
<context>
    <name>RegistrationView</name>
    <message>
        <location filename="../../ui/registration.py" line="33"/>
        <location filename="../../ui/registration.py" line="57"/>
        <source>New registration</source>
        <translation>Nouvel enregistrement</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="48"/>
        <source>Register</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../ui/registration.py" line="50"/>
        <source>Likely duplicates</source>
        <translation>Doublons probables</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/reports_page.py" line="170"/>
        <source>Save the monthly return</source>
        <translation>Enregistrer le rapport mensuel</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="172"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="193"/>
        <source>Return of {month} written to {path}: {cases} cases, {n} payments.</source>
        <translation>Rapport de {month} enregistré dans {path} : {cases} dossiers, {n} paiements.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="201"/>
        <source>Submitted: the month is locked.</source>
        <translation>Transmis : le mois est verrouillé.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="205"/>
        <source>Writing the return of {month}…</source>
        <translation>Rédaction du rapport de {month}…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="215"/>
        <source>Save the agreements</source>
        <translation>Enregistrer les conventions</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="217"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="244"/>
        <source>{n} agreements printed to {path}.</source>
        <translation>{n} conventions imprimées dans {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="0"/>
        <source>Not printed: {cases}.</source>
        <translation>Non imprimées : {cases}.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="250"/>
        <source>Agreements</source>
        <translation>Conventions</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="255"/>
        <source>Printing agreements…</source>
        <translation>Impression des conventions…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="269"/>
        <source>{n} registrations imported.</source>
        <translation>{n} enregistrements importés.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="275"/>
        <source>Export the cases</source>
        <translation>Exporter les dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="277"/>
        <source>Excel workbooks (*.xlsx);;CSV files (*.csv)</source>
        <translation>Classeurs Excel (*.xlsx);;Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="302"/>
        <source>{n} cases exported to {path}.</source>
        <translation>{n} dossiers exportés dans {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="307"/>
        <source>Exporting the cases…</source>
        <translation>Export des dossiers…</translation>
    </message>
    <message>
        <source>Save a blank template</source>
        <translation>Enregistrer un modèle vierge</translation>
    </message>
    <message>
        <source>Template written to {path}: fill it and import it as it is.</source>
        <translation>Modèle écrit dans {path} : remplissez-le et importez-le tel quel.</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../ui/reports_page.py" line="62"/>
        <source>YYYY-MM</source>
        <translation>AAAA-MM</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="64"/>
        <source>Submit to headquarters (locks the month)</source>
        <translation>Transmettre au siège (verrouille le mois)</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="65"/>
        <source>Make the return…</source>
        <translation>Produire le rapport…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="67"/>
        <source>Monthly return to headquarters</source>
        <translation>Rapport mensuel au siège</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="69"/>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="77"/>
        <source>Print the agreements…</source>
        <translation>Imprimer les conventions…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="79"/>
        <source>Grant agreements in a batch</source>
        <translation>Conventions de subvention en lot</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="81"/>
        <source>Cases in state</source>
        <translation>Dossiers à l'état</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="85"/>
        <source>Import registrations from Excel…</source>
        <translation>Importer des enregistrements depuis Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="86"/>
        <source>Export the cases…</source>
        <translation>Exporter les dossiers…</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="88"/>
        <source>Registrations and cases</source>
        <translation>Enregistrements et dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/reports_page.py" line="97"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation>Enregistrements</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <source>Re-screening decisions</source>
        <translation>Décisions de réexamen</translation>
    </message>
    <message>
        <source>Save a blank template…</source>
        <translation>Enregistrer un modèle vierge…</translation>
    </message>
    <message>
        <source>Blank import templates</source>
        <translation>Modèles d&apos;import vierges</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/pages.py" line="51"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="52"/>
        <location filename="../../ui/pages.py" line="54"/>
        <location filename="../../ui/pages.py" line="62"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="53"/>
        <location filename="../../ui/pages.py" line="55"/>
        <location filename="../../ui/pages.py" line="63"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="56"/>
        <source>Reasons</source>
        <translation>Motifs</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="64"/>
        <source>Origin</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="65"/>
        <source>State</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="71"/>
        <source>Same person…</source>
        <translation>Même personne…</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="72"/>
        <source>Different people…</source>
        <translation>Personnes différentes…</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="77"/>
        <source>An approver or an administrator may decide.</source>
        <translation>Un approbateur ou un administrateur peut trancher.</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="81"/>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="112"/>
        <source>Decision on the pair</source>
        <translation>Décision sur la paire</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="112"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="131"/>
        <source>Possible duplicates to decide: {n}</source>
        <translation>Doublons possibles à trancher : {n}</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="135"/>
        <source>Cases on hold: {n}</source>
        <translation>Dossiers en attente : {n}</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="80"/>
        <source>Export a review sheet…</source>
        <translation>Exporter une feuille de revue…</translation>
    </message>
    <message>
        <location filename="../../ui/pages.py" line="81"/>
        <source>Import decisions…</source>
        <translation>Importer des décisions…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/settings_page.py" line="112"/>
        <source>Office</source>
        <translation>Bureau</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="114"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="115"/>
        <location filename="../../ui/settings_page.py" line="192"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="116"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="117"/>
        <location filename="../../ui/settings_page.py" line="155"/>
        <source>Currency</source>
        <translation>Monnaie</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="118"/>
        <source>Language of the window</source>
        <translation>Langue de la fenêtre</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="120"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="126"/>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="127"/>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="129"/>
        <source>Roles</source>
        <translation>Rôles</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="133"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="134"/>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="134"/>
        <source>deactivated</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="137"/>
        <source>Locked until</source>
        <translation>Bloqué jusqu'au</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="144"/>
        <source>Change the roles…</source>
        <translation>Modifier les rôles…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="145"/>
        <location filename="../../ui/settings_page.py" line="278"/>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="146"/>
        <source>Set a new password…</source>
        <translation>Nouveau mot de passe…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="154"/>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="157"/>
        <source>Units for one euro</source>
        <translation>Unités pour un euro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="167"/>
        <source>Set a rate…</source>
        <translation>Saisir un taux…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="173"/>
        <source>Opened</source>
        <translation>Ouverte le</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="174"/>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="180"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="175"/>
        <source>Progress</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="177"/>
        <source>Closed</source>
        <translation>Close le</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="178"/>
        <source>open</source>
        <translation>ouverte</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="185"/>
        <source>Suspend assistance…</source>
        <translation>Suspendre l'assistance…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="186"/>
        <source>Close the suspension…</source>
        <translation>Clore la suspension…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="204"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="205"/>
        <source>Exchange rates</source>
        <translation>Taux de change</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="206"/>
        <source>Suspensions</source>
        <translation>Suspensions</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="143"/>
        <source>Add a user…</source>
        <translation>Ajouter un utilisateur…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="193"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="194"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="195"/>
        <source>Supplies</source>
        <translation>Fournit</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="200"/>
        <source>Add a supplier…</source>
        <translation>Ajouter un fournisseur…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="207"/>
        <source>Suppliers</source>
        <translation>Fournisseurs</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="213"/>
        <source>Integrity</source>
        <translation>Intégrité</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="209"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="245"/>
        <source>Payments without an exchange rate: {months}</source>
        <translation>Paiements sans taux de change : {months}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="249"/>
        <source>Every month with payments has its exchange rate.</source>
        <translation>Chaque mois avec des paiements a son taux de change.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="263"/>
        <source>Only an administrator manages users.</source>
        <translation>Seul un administrateur gère les utilisateurs.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="278"/>
        <source>Reactivate</source>
        <translation>Réactiver</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="393"/>
        <source>Close the suspension</source>
        <translation>Clore la suspension</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="395"/>
        <source>{n} cases are still held and not re-screened. Release them without a new screening?</source>
        <translation>{n} dossiers sont encore suspendus sans nouvel examen. Les libérer sans nouvel examen ?</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="420"/>
        <source>Saved: the window will be in this language at the next start.</source>
        <translation>Enregistré : la fenêtre sera dans cette langue au prochain démarrage.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="72"/>
        <source>Type your user name.</source>
        <translation>Saisissez votre nom d'utilisateur.</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../ui/signin.py" line="25"/>
        <source>Sign in — Reintegration Grant Manager</source>
        <translation>Connexion — Gestion des aides à la réintégration</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="26"/>
        <location filename="../../ui/signin.py" line="38"/>
        <source>Sign in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="40"/>
        <source>User name</source>
        <translation>Nom d'utilisateur</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="41"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
</context>
<context>
    <name>SupplierDialog</name>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="241"/>
        <source>New supplier</source>
        <translation>Nouveau fournisseur</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="241"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="248"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="249"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="250"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="251"/>
        <source>Supplies</source>
        <translation>Fournit</translation>
    </message>
</context>
<context>
    <name>SuspensionDialog</name>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="173"/>
        <source>Suspend assistance</source>
        <translation>Suspendre l'assistance</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="173"/>
        <source>Open the suspension</source>
        <translation>Ouvrir la suspension</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="177"/>
        <source>the whole office</source>
        <translation>tout le bureau</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="178"/>
        <source>a country of origin</source>
        <translation>un pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="179"/>
        <source>a transit centre</source>
        <translation>un centre de transit</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="180"/>
        <source>cases registered in a period</source>
        <translation>les dossiers enregistrés sur une période</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="190"/>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="192"/>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="203"/>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="204"/>
        <source>Country of origin</source>
        <translation>Pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="205"/>
        <source>Transit centre</source>
        <translation>Centre de transit</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="206"/>
        <source>Registered</source>
        <translation>Enregistrés</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="207"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>Suspensions</name>
    <message>
        <location filename="../../ui/settings_page.py" line="70"/>
        <source>the whole office</source>
        <translation>tout le bureau</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="72"/>
        <source>country of origin {value}</source>
        <translation>le pays d'origine {value}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="76"/>
        <source>transit centre {value}</source>
        <translation>le centre de transit {value}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="80"/>
        <source>cases registered from {start} to {end}</source>
        <translation>les dossiers enregistrés du {start} au {end}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="88"/>
        <source>{done} of {total} re-screened</source>
        <translation>{done} sur {total} réexaminés</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="81"/>
        <source>Roles of {user}</source>
        <translation>Rôles de {user}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="81"/>
        <source>New user</source>
        <translation>Nouvel utilisateur</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="83"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="99"/>
        <source>User name</source>
        <translation>Nom d'utilisateur</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="100"/>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="102"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialogs.py" line="103"/>
        <source>Roles</source>
        <translation>Rôles</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="172"/>
        <source>issued</source>
        <translation>émise</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="173"/>
        <source>signed</source>
        <translation>signée</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="174"/>
        <source>void</source>
        <translation>annulée</translation>
    </message>
</context>
<context>
    <name>VerifyView</name>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="111"/>
        <source>Verify an agreement</source>
        <translation>Vérifier une convention</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="113"/>
        <source>Type the code printed on the agreement, or scan it</source>
        <translation>Tapez le code imprimé sur la convention, ou scannez-le</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="114"/>
        <source>Verify</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="127"/>
        <source>Agreement</source>
        <translation>Convention</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="128"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="129"/>
        <source>Returnee</source>
        <translation>Bénéficiaire</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="130"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="131"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="132"/>
        <source>Issued</source>
        <translation>Émise le</translation>
    </message>
    <message>
        <location filename="../../ui/agreement_dialogs.py" line="139"/>
        <source>Verification code</source>
        <translation>Code de vérification</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../ui/follow_up.py" line="200"/>
        <source>Visit for case {number}</source>
        <translation>Visite pour le dossier {number}</translation>
    </message>
</context>
<context>
    <name>VisitView</name>
    <message>
        <location filename="../../ui/follow_up.py" line="161"/>
        <source>Record a monitoring visit</source>
        <translation>Enregistrer une visite de suivi</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="165"/>
        <source>not assessed</source>
        <translation>non évalué</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="166"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="167"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="168"/>
        <source>The next instalment's condition is met</source>
        <translation>La condition de la tranche suivante est remplie</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="169"/>
        <source>Final visit (closes the follow-up)</source>
        <translation>Visite finale (clôt le suivi)</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="176"/>
        <source>Record the visit</source>
        <translation>Enregistrer la visite</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="178"/>
        <source>Visited on</source>
        <translation>Visité le</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="179"/>
        <source>Business operating</source>
        <translation>Activité en fonctionnement</translation>
    </message>
    <message>
        <location filename="../../ui/follow_up.py" line="182"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>format</name>
    <message>
        <location filename="../../ui/common.py" line="59"/>
        <source>about {year}</source>
        <translation>vers {year}</translation>
    </message>
</context>
<context>
    <name>gui</name>
    <message>
        <location filename="../../desktop/gui.py" line="90"/>
        <source>Reintegration Grant Manager</source>
        <translation>Gestion des aides à la réintégration</translation>
    </message>
    <message>
        <location filename="../../desktop/gui.py" line="96"/>
        <source>Again to confirm</source>
        <translation>Encore une fois pour confirmer</translation>
    </message>
    <message>
        <location filename="../../desktop/gui.py" line="166"/>
        <source>Loading demo data…</source>
        <translation>Chargement des données de démonstration…</translation>
    </message>
    <message>
        <location filename="../../desktop/gui.py" line="183"/>
        <source>Demo data</source>
        <translation>Données de démonstration</translation>
    </message>
    <message>
        <location filename="../../desktop/gui.py" line="238"/>
        <source>Cannot start</source>
        <translation>Démarrage impossible</translation>
    </message>
    <message>
        <source>Automatic backup written: {path}</source>
        <translation>Sauvegarde automatique écrite : {path}</translation>
    </message>
    <message>
        <source>Automatic backup failed: {error}</source>
        <translation>Échec de la sauvegarde automatique : {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/gui.py" line="336"/>
        <source>{n} screens written to {dir}</source>
        <translation>{n} écrans enregistrés dans {dir}</translation>
    </message>
    <message>
        <source>Checking {n} earlier registrations for duplicates failed: {error}</source>
        <translation>La vérification des doublons de {n} inscriptions antérieures a échoué : {error}</translation>
    </message>
    <message>
        <source>{n} registrations of an interrupted import were checked for duplicates: {flagged} possible duplicates</source>
        <translation>{n} inscriptions d'un import interrompu ont été vérifiées pour les doublons : {flagged} doublons possibles</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/common.py" line="89"/>
        <source>Not done</source>
        <translation>Non effectué</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>Something went wrong: {error}</source>
        <translation>Une erreur s’est produite : {error}</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>The details were written to {path}.</source>
        <translation>Le détail a été écrit dans {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>Fill in the first or the last registration date.</source>
        <translation>Indiquez la première ou la dernière date d’enregistrement.</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>Or choose to release the remaining cases.</source>
        <translation>Ou choisissez de libérer les dossiers restants.</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>An administrator adds it under Settings, Suppliers (Add a supplier…).</source>
        <translation>Un administrateur l’ajoute dans Paramètres, Fournisseurs (Ajouter un fournisseur…).</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>Set the month&apos;s exchange rates first.</source>
        <translation>Saisissez d’abord les taux de change du mois.</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>The office must submit its return, not save a draft.</source>
        <translation>Le bureau doit soumettre son rapport, pas en enregistrer un brouillon.</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>They are checked again the next time the application starts.</source>
        <translation>Ils sont vérifiés à nouveau au prochain démarrage de l’application.</translation>
    </message>
    <message>
        <location filename="../../ui/failures.py" line="0"/>
        <source>The pair is decided on the Review page.</source>
        <translation>La paire se tranche sur la page Revue.</translation>
    </message>
</context>
<context>
    <name>ColumnMappingView</name>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Header in the file</source>
        <translation>En-tête dans le fichier</translation>
    </message>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Read as</source>
        <translation>Lue comme</translation>
    </message>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Ignore this column</source>
        <translation>Ignorer cette colonne</translation>
    </message>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Not recognised</source>
        <translation>Non reconnue</translation>
    </message>
    <message>
        <location filename="../../ui/column_mapping.py" line="0"/>
        <source>Not imported</source>
        <translation>Non importée</translation>
    </message>
</context>
<context>
    <name>ReviewSheetView</name>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="50"/>
        <source>Export a review sheet</source>
        <translation>Exporter une feuille de revue</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="51"/>
        <source>Cases held by an open suspension</source>
        <translation>Dossiers retenus par une suspension en cours</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="52"/>
        <source>Cases of a transit centre</source>
        <translation>Dossiers d'un centre de transit</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="53"/>
        <source>Cases in a state</source>
        <translation>Dossiers dans un état</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="54"/>
        <source>Every case on hold</source>
        <translation>Tous les dossiers en attente</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="70"/>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="80"/>
        <source>The sheet lists the facts a reviewer needs (no phone, no document number), the checklist and the columns Decision and Reason. Fill it in, then import it with Import decisions.</source>
        <translation>La feuille donne les faits utiles à la revue (ni téléphone, ni numéro de pièce), la liste de contrôle et les colonnes Décision et Motif. Remplissez-la, puis importez-la avec Importer des décisions.</translation>
    </message>
</context>
<context>
    <name>ReviewSheetDialog</name>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="132"/>
        <source>Save the review sheet</source>
        <translation>Enregistrer la feuille de revue</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="165"/>
        <source>Writing the review sheet…</source>
        <translation>Écriture de la feuille de revue…</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="174"/>
        <source>{n} cases written to {path}.</source>
        <translation>{n} dossiers écrits dans {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/review_sheet_dialogs.py" line="111"/>
        <source>#{id} {scope}: {reason} ({n} cases still held)</source>
        <translation>n° {id} {scope} : {reason} ({n} dossiers encore en attente)</translation>
    </message>
</context>
<context>
    <name>common</name>
    <message>
        <source>Workbooks and CSV files (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt)</source>
        <translation>Classeurs et fichiers CSV (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt)</translation>
    </message>
</context>
<context>
    <name>IntegrityView</name>
    <message>
        <location filename="../../ui/integrity_tab.py" line="38"/>
        <source>Export the public key…</source>
        <translation>Exporter la clé publique…</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="40"/>
        <source>Monthly returns are signed with this key. Send the public key to headquarters once; they compare its fingerprint with the one shown here.</source>
        <translation>Les rapports mensuels sont signés avec cette clé. Envoyez une fois la clé publique au siège ; il compare son empreinte avec celle affichée ici.</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="46"/>
        <source>Office signing key</source>
        <translation>Clé de signature du bureau</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="48"/>
        <source>Fingerprint</source>
        <translation>Empreinte</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="53"/>
        <source>Check the audit trail</source>
        <translation>Vérifier la piste d'audit</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="54"/>
        <source>Check against returns…</source>
        <translation>Vérifier d'après des rapports…</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="56"/>
        <source>Every change is recorded in a chained audit trail. Checking against a return submitted to headquarters (their copy) shows whether the history was rewritten since.</source>
        <translation>Chaque modification est enregistrée dans une piste d'audit chaînée. La vérifier d'après un rapport soumis au siège (sa copie) montre si l'historique a été réécrit depuis.</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="65"/>
        <source>Audit trail</source>
        <translation>Piste d'audit</translation>
    </message>
</context>
<context>
    <name>IntegrityTab</name>
    <message>
        <location filename="../../ui/integrity_tab.py" line="109"/>
        <source>Export the office's public key</source>
        <translation>Exporter la clé publique du bureau</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="111"/>
        <source>Office public keys (*.pub)</source>
        <translation>Clés publiques de bureau (*.pub)</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="118"/>
        <source>Returns submitted to headquarters</source>
        <translation>Rapports soumis au siège</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="120"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="165"/>
        <source>Audit trail intact: {n} events, {anchors} anchors of returns held.</source>
        <translation>Piste d'audit intacte : {n} événements, {anchors} ancres de rapports respectées.</translation>
    </message>
    <message>
        <source>Its head, written by a previous version, is not sealed yet: it will be at the next change.</source>
        <translation>Sa tête, écrite par une version précédente, n'est pas encore scellée : elle le sera à la prochaine modification.</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="185"/>
        <source>Checking the audit trail…</source>
        <translation>Vérification de la piste d'audit…</translation>
    </message>
    <message>
        <location filename="../../ui/integrity_tab.py" line="143"/>
        <source>Public key written to {path}: send it to headquarters.</source>
        <translation>Clé publique écrite dans {path} : envoyez-la au siège.</translation>
    </message>
</context>
<context>
    <name>AboutView</name>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>About Reintegration Grant Manager</source>
        <translation>À propos de Gestion des aides à la réintégration</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>Reintegration Grant Manager</source>
        <translation>Gestion des aides à la réintégration</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>Database schema</source>
        <translation>Schéma de la base de données</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>Data folder</source>
        <translation>Dossier des données</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about.py" line="1"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>{n} MB</source>
        <translation>{n} Mo</translation>
    </message>
    <message>
        <source>{n} kB</source>
        <translation>{n} ko</translation>
    </message>
</context>
<context>
    <name>BackupsTab</name>
    <message>
        <source>Made</source>
        <translation>Faite le</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>on demand</source>
        <translation>à la demande</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Sauvegarder maintenant</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>Restaurer une sauvegarde…</translation>
    </message>
    <message>
        <source>This database is on a server: it is backed up with the server's own tools.</source>
        <translation>Cette base de données est sur un serveur : elle est sauvegardée par les outils du serveur.</translation>
    </message>
    <message>
        <source>Backups are kept in {folder}; seven daily automatic ones.</source>
        <translation>Les sauvegardes sont gardées dans {folder} ; sept sauvegardes automatiques quotidiennes.</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Sauvegarde en cours…</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <source>Backups (*.db);;All files (*)</source>
        <translation>Sauvegardes (*.db);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Replace the database with the backup {name}? The current database is kept aside. Every other window must be closed; you will sign in again afterwards.</source>
        <translation>Remplacer la base de données par la sauvegarde {name} ? La base actuelle est gardée de côté. Toute autre fenêtre doit être fermée ; vous vous reconnecterez ensuite.</translation>
    </message>
    <message>
        <source>Checking and restoring the backup…</source>
        <translation>Vérification et restauration de la sauvegarde…</translation>
    </message>
    <message>
        <source>Another office's backup</source>
        <translation>Sauvegarde d'un autre bureau</translation>
    </message>
    <message>
        <source>Restore it all the same?</source>
        <translation>La restaurer quand même ?</translation>
    </message>
    <message>
        <source>Backup made under another passphrase</source>
        <translation>Sauvegarde faite sous une autre phrase secrète</translation>
    </message>
    <message>
        <source>Passphrase of the backup:</source>
        <translation>Phrase secrète de la sauvegarde :</translation>
    </message>
</context>
<context>
    <name>ImportWizardView</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Drop a file here, or choose it (.xlsx, .xls, .ods, .csv)</source>
        <translation>Déposez un fichier ici, ou choisissez-le (.xlsx, .xls, .ods, .csv)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Optional: the KoboToolbox/ODK form (XLSForm .xlsx) of an export, to read its questions and the answers exported as codes</source>
        <translation>Facultatif : le formulaire KoboToolbox/ODK (XLSForm .xlsx) d'un export, pour lire ses questions et les réponses exportées en codes</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Form…</source>
        <translation>Formulaire…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the blank template…</source>
        <translation>Enregistrer le modèle vierge…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the XLSForm form…</source>
        <translation>Enregistrer le formulaire XLSForm…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Check the file</source>
        <translation>Vérifier le fichier</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the error workbook…</source>
        <translation>Enregistrer le classeur d'erreurs…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Write the valid rows and leave the refused ones</source>
        <translation>Écrire les lignes valides et laisser les refusées</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Check the file again</source>
        <translation>Vérifier à nouveau le fichier</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>After fixing the refused rows in the workbook</source>
        <translation>Après avoir corrigé les lignes refusées dans le classeur</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Read again with these columns</source>
        <translation>Relire avec ces colonnes</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save mapping as…</source>
        <translation>Enregistrer la correspondance sous…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>A mapping file for the command line: rgm import registrations --mapping FILE</source>
        <translation>Un fichier de correspondance pour la ligne de commande : rgm import registrations --mapping FICHIER</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Import registrations</source>
        <translation>Importer des enregistrements</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Import payments</source>
        <translation>Importer des paiements</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Import decisions</source>
        <translation>Importer des décisions</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>A workbook or CSV file from the field team (.xlsx, .xls, .ods, .csv, or a KoboToolbox/ODK export). The header row is found under any title rows; columns are recognised in French or English. Nothing is written before you confirm.</source>
        <translation>Un classeur ou un fichier CSV de l’équipe de terrain (.xlsx, .xls, .ods, .csv, ou un export KoboToolbox/ODK). La ligne d’en-tête est trouvée sous les lignes de titre ; les colonnes sont reconnues en français ou en anglais. Rien n’est écrit avant votre confirmation.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Columns: case number, instalment, date paid, amount, currency, method, receipt reference, supplier (optional), in French or English. Every row is checked first; nothing is written before you confirm.</source>
        <translation>Colonnes : numéro de dossier, tranche, date de paiement, montant, monnaie, mode, référence du reçu, fournisseur (facultatif), en français ou en anglais. Chaque ligne est d'abord vérifiée ; rien n'est enregistré avant votre confirmation.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Sheet</source>
        <translation>Feuille</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Record the payments</source>
        <translation>Enregistrer les paiements</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Apply the decisions</source>
        <translation>Appliquer les décisions</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Each column of the header row and what it is read as. Change any choice, then read the file again; unrecognised columns are highlighted.</source>
        <translation>Chaque colonne de la ligne d'en-tête et ce qu'elle devient. Modifiez un choix, puis relisez le fichier ; les colonnes non reconnues sont surlignées.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Each decision is applied as you ({user}). A row is refused when you registered or planned the case (four eyes), when the case changed since the sheet was made, or when the decision is unknown or not supported by the checklist; the other rows are applied.</source>
        <translation>Chaque décision est appliquée en votre nom ({user}). Une ligne est refusée si vous avez enregistré ou planifié le dossier (quatre yeux), si le dossier a changé depuis la création de la feuille, ou si la décision est inconnue ou non justifiée par la liste de contrôle ; les autres lignes sont appliquées.</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Valid rows</source>
        <translation>Lignes valides</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Refused</source>
        <translation>Refusées</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Choose the file</source>
        <translation>Choisir le fichier</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Choose the form (XLSForm)</source>
        <translation>Choisir le formulaire (XLSForm)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>The first with a header row</source>
        <translation>La première qui a une ligne d’en-tête</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>These column choices will be applied to files with the same headers.</source>
        <translation>Ces choix de colonnes seront appliqués aux fichiers ayant les mêmes en-têtes.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the mapping</source>
        <translation>Enregistrer la correspondance</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Mapping (*.json)</source>
        <translation>Correspondance (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the error workbook</source>
        <translation>Enregistrer le classeur d'erreurs</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the blank template</source>
        <translation>Enregistrer le modèle vierge</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Save the XLSForm form</source>
        <translation>Enregistrer le formulaire XLSForm</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>XLSForm (*.xlsx)</source>
        <translation>XLSForm (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Row</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Family name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Given names</source>
        <translation>Prénoms</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Sex</source>
        <translation>Sexe</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Born</source>
        <translation>Naissance</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Country of origin</source>
        <translation>Pays d'origine</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Source reference</source>
        <translation>Référence source</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Choose a file first.</source>
        <translation>Choisissez d’abord un fichier.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Choose what the columns are read as, then read the file again.</source>
        <translation>Choisissez ce que deviennent les colonnes, puis relisez le fichier.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Refused rows block the import: fix them in the error workbook and check the file again, or leave them out.</source>
        <translation>Les lignes refusées bloquent l’import : corrigez-les dans le classeur d’erreurs et vérifiez à nouveau le fichier, ou laissez-les de côté.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>The column choices saved on {date} were applied.</source>
        <translation>Les choix de colonnes enregistrés le {date} ont été appliqués.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Mapping saved: {path}. On the command line: rgm import registrations --mapping {name} FILE</source>
        <translation>Correspondance enregistrée : {path}. En ligne de commande : rgm import registrations --mapping {name} FICHIER</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Written to {path}.</source>
        <translation>Écrit dans {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Checking {file}…</source>
        <translation>Vérification de {file}…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>The first {n} valid rows are shown.</source>
        <translation>Les {n} premières lignes valides sont affichées.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Error workbook saved: {path}.</source>
        <translation>Classeur d'erreurs enregistré : {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Writing {n} rows…</source>
        <translation>Écriture de {n} lignes…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard.py" line="0"/>
        <source>Columns ({n} not recognised)</source>
        <translation>Colonnes ({n} non reconnues)</translation>
    </message>
</context>
</TS>
