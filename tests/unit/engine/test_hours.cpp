// Opening hours as the real files write them: every odd form met in the France Services list
// of 2024 (2,845 sites) and the Conseillers numériques places of the region.
#include "places/hours.hpp"

#include <gtest/gtest.h>

using namespace hublo::places;

namespace {
HoursRead fs(std::string_view mo, std::string_view tu = "", std::string_view we = "",
             std::string_view th = "", std::string_view fr = "", std::string_view sa = "") {
    return read_france_services_days({mo, tu, we, th, fr, sa});
}
} // namespace

TEST(FranceServicesHours, TwoRangesADayAndEmptyDaysClosed) {
    const auto r = fs("13:30 - 17:00", "09:00 - 12:00 / 13:30 - 17:00", "", "",
                      "09:00 - 12:00 / 13:30 - 16:00", "09:00 - 12:00");
    ASSERT_TRUE(r.hours) << r.error;
    // 3.5 + 6.5 + 5.5 + 3 = 18.5 hours on 4 days
    EXPECT_DOUBLE_EQ(r.hours->hours_per_week(), 18.5);
    EXPECT_EQ(r.hours->open_days(), 4);
    EXPECT_TRUE(r.hours->opens_saturday());
    EXPECT_FALSE(r.hours->opens_evening()); // closes at 17:00 at the latest
    EXPECT_EQ(r.hours->to_osm(),
              "Mo 13:30-17:00; Tu 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00; "
              "Sa 09:00-12:00");
}

TEST(FranceServicesHours, PlaceholderRangesAreDroppedAndCounted) {
    // "00:00 - 00:00 / 09:00 - 12:00 / 14:00 - 17:00" (15 days in the 2024 list)
    const auto r = fs("00:00 - 00:00 / 09:00 - 12:00 / 14:00 - 17:00",
                      "00:00 - 00:00 / 00:00 - 00:00 / 08:30 - 16:00");
    ASSERT_TRUE(r.hours) << r.error;
    EXPECT_DOUBLE_EQ(r.hours->hours_per_week(), 6.0 + 7.5);
    EXPECT_EQ(r.placeholders, 3);
}

TEST(FranceServicesHours, OverlappingRangesAreMergedNotCountedTwice) {
    // "09:00 - 12:30 / 09:00 - 17:00 / 14:00 - 17:00" (8 days): open 09:00-17:00, 8 hours;
    // "08:30 - 11:30 / 08:30 - 11:30" (5): 3 hours.
    const auto r =
        fs("09:00 - 12:30 / 09:00 - 17:00 / 14:00 - 17:00", "08:30 - 11:30 / 08:30 - 11:30");
    ASSERT_TRUE(r.hours) << r.error;
    EXPECT_DOUBLE_EQ(r.hours->hours_per_week(), 11.0);
    EXPECT_EQ(r.overlaps, 3);
}

TEST(FranceServicesHours, OnlyPlaceholdersOrNothingGiveNoHours) {
    const auto only = fs("00:00 - 00:00");
    EXPECT_FALSE(only.hours);
    EXPECT_EQ(only.error, "only placeholder hours (00:00 - 00:00)");
    const auto none = fs("");
    EXPECT_FALSE(none.hours);
    EXPECT_TRUE(none.error.empty());
}

TEST(FranceServicesHours, AnUnreadableDayNamesItself) {
    const auto r = fs("", "9h - 12h");
    EXPECT_FALSE(r.hours);
    EXPECT_EQ(r.error, "Tu '9h - 12h': time range '9h - 12h' is not HH:MM-HH:MM");
    const auto late = fs("", "", "22:00 - 02:00");
    EXPECT_NE(late.error.find("ends before it starts"), std::string::npos) << late.error;
}

TEST(OpeningHours, DayRangesListsAndSaturday) {
    const auto r = read_opening_hours("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00");
    ASSERT_TRUE(r.hours) << r.error;
    EXPECT_DOUBLE_EQ(r.hours->hours_per_week(), 5 * 7.5 + 3.5);
    EXPECT_EQ(r.hours->open_days(), 6);
    EXPECT_TRUE(r.hours->opens_evening()); // until 18:30
    EXPECT_EQ(r.hours->to_osm(), "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00");
}

TEST(OpeningHours, ALaterRuleReplacesTheDaysItNames) {
    // OSM semantics: "Mo-Fr ...; Tu 14:00-17:00" opens Tuesday afternoons only.
    const auto r = read_opening_hours("Mo-Fr 09:00-12:00,14:00-17:00; Tu 14:00-17:00");
    ASSERT_TRUE(r.hours) << r.error;
    EXPECT_DOUBLE_EQ(r.hours->hours_per_week(), 4 * 6.0 + 3.0);
    const auto off = read_opening_hours("Mo-Fr 14:00-18:00; Tu-Sa 10:00-18:00; Th,Fr off");
    ASSERT_TRUE(off.hours) << off.error;
    EXPECT_DOUBLE_EQ(off.hours->hours_per_week(), 4.0 + 3 * 8.0); // Mo; Tu, We, Sa
    EXPECT_EQ(off.hours->to_osm(), "Mo 14:00-18:00; Tu,We 10:00-18:00; Sa 10:00-18:00");
}

TEST(OpeningHours, HolidaysTouchingAndEmptyRanges) {
    const auto r =
        read_opening_hours("Mo,Fr 08:00-12:30,14:00-17:00; Tu,Th 08:00-13:00,13:00-17:00; "
                           "We 08:00-12:00; PH off");
    ASSERT_TRUE(r.hours) << r.error;
    EXPECT_DOUBLE_EQ(r.hours->hours_per_week(), 2 * 7.5 + 2 * 9.0 + 4.0);
    EXPECT_EQ(r.overlaps, 0); // touching ranges join without counting
    const auto empty = read_opening_hours("Tu 18:00-18:00; We 10:00-18:00");
    ASSERT_TRUE(empty.hours) << empty.error;
    EXPECT_DOUBLE_EQ(empty.hours->hours_per_week(), 8.0);
    EXPECT_EQ(empty.placeholders, 1);
    const auto all = read_opening_hours("24/7");
    ASSERT_TRUE(all.hours);
    EXPECT_DOUBLE_EQ(all.hours->hours_per_week(), 168.0);
    const auto wrap = read_opening_hours("Sa-Mo 10:00-12:00");
    ASSERT_TRUE(wrap.hours) << wrap.error;
    EXPECT_EQ(wrap.hours->open_days(), 3);
}

TEST(OpeningHours, WhatIsNotReadIsSaidNeverGuessed) {
    // A real value of the Conseillers numériques file: a third time on Friday.
    const auto r = read_opening_hours("Mo,We 09:00-12:00,13:30-18:00; Fr 09:00-12:00-17:00");
    EXPECT_FALSE(r.hours);
    EXPECT_NE(r.error.find("'Fr 09:00-12:00-17:00' is not read"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("'09:00-12:00-17:00' is not HH:MM-HH:MM"), std::string::npos);
    for (const char *text : {"Jan-Mar Mo 09:00-12:00", "Mo 09:00-12:00 \"sur rendez-vous\"",
                             "Mo 09:00-12:00 || Tu 10:00-11:00", "Mo-Fr sunrise-sunset",
                             "Mo-Fr 09:00+", "week 1-53/2 Mo 09:00-12:00", "Mo off"}) {
        const auto x = read_opening_hours(text);
        EXPECT_FALSE(x.hours) << text;
        EXPECT_FALSE(x.error.empty()) << text;
    }
    EXPECT_FALSE(read_opening_hours("").hours);
    EXPECT_TRUE(read_opening_hours("  ").error.empty()); // no hours given is not an error
}
