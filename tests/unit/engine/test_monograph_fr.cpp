// The monographs' French: opening hours in OpenStreetMap syntax, the calendars the mobile
// services stage writes, and the desert reasons, each as a French reader expects them.
#include "outputs/monograph_fr.hpp"

#include <gtest/gtest.h>

using namespace hublo::outputs::mono;

TEST(MonographFrench, OpeningHoursOfRealPlaces) {
    EXPECT_EQ(fr_hours("Mo-We 09:00-12:00,13:30-17:30; Th 09:00-18:00; Fr 09:00-12:00,13:30-16:30"),
              "lun.–mer. 9h–12h, 13h30–17h30 ; jeu. 9h–18h ; ven. 9h–12h, 13h30–16h30");
    EXPECT_EQ(fr_hours("Th,Fr 08:30-13:00"), "jeu., ven. 8h30–13h");
    EXPECT_EQ(fr_hours("Mo-Fr 09:00-12:00; Sa 09:00-12:00; PH off"),
              "lun.–ven. 9h–12h ; sam. 9h–12h ; jours fériés fermé");
    EXPECT_EQ(fr_hours(""), "");
    // Words that only look like day codes stay as they are.
    EXPECT_EQ(fr_hours("Monts 10:00-12:00"), "Monts 10h–12h");
}

TEST(MonographFrench, MobileStopCalendars) {
    EXPECT_EQ(fr_schedule("1st Tuesday of the month"), "le 1er mardi du mois");
    EXPECT_EQ(fr_schedule("2nd Wednesday of the month"), "le 2e mercredi du mois");
    EXPECT_EQ(fr_schedule("4th Friday of the month"), "le 4e vendredi du mois");
    EXPECT_EQ(fr_schedule("last day of the month"), "le dernier jour du mois");
    EXPECT_EQ(fr_schedule("Thursdays, 14:00-16:30"), "chaque jeudi, 14h–16h30");
    EXPECT_EQ(fr_schedule("Mondays"), "chaque lundi");
    EXPECT_EQ(fr_schedule("an equal share of the service's hours (1/34)"),
              "une part égale des heures du service (1/34)");
    EXPECT_EQ(fr_schedule("the service's hours no stop read takes, at its base"),
              "les heures du service qu'aucun arrêt lu ne prend, à sa base");
    EXPECT_EQ(fr_schedule("mardi matin"), "mardi matin"); // not ours: kept
}

TEST(MonographFrench, DesertReasons) {
    EXPECT_EQ(fr_reasons("far by car and without a car and thin"),
              "loin en voiture et sans voiture et peu d'heures d'aide");
    EXPECT_EQ(fr_reasons("far without a car"), "loin sans voiture");
    EXPECT_EQ(fr_reasons("far"), "loin");
    EXPECT_EQ(fr_reasons("far by car (9), far without a car (10), thin (8)"),
              "loin en voiture (9), loin sans voiture (10), peu d'heures d'aide (8)");
    EXPECT_EQ(fr_reasons(""), "");
}
