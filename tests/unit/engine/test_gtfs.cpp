// GTFS feeds read and routed: the hand-made feed tests/data/gtfs/small (spelled out below),
// its known answers (a transfer, a calendar exception, a day added, a trip past midnight, a
// frequency-based line), the open-on-arrival visit worked out by hand, and the reader's
// handling of a zipped feed.
//
// The feed (tests/data/gtfs/small), a village and a town:
//   coach C1, weekdays (service WEEK): T1 VIL 07:05 -> CHB (untimed) -> GAR 07:50
//                                      T2 VIL 12:05 -> CHB 12:20 -> GAR 12:50
//                                      T4 GAR 17:10 -> CHB 17:40 -> VIL 17:55
//                                      T5 GAR 23:50 -> VIL 24:35 (00:35 the next day)
//   coach C1, Saturday 2026-03-14 only (SAT, calendar_dates added): T3 VIL 09:00 -> GAR 09:45
//   city bus 1, every day, every 10 min from 07:00 to 18:50 (frequencies, exact times):
//                                      GAR2 -> FS in 8 min, and FS -> GAR2 in 8 min
//   transfers: GAR <-> GAR2 (across the street) 180 s
//   calendar_dates: no WEEK service on Wednesday 2026-03-11 (a strike)
//   stops.txt: UTF-8 with a BOM, CRLF, quoted names with commas, one station (not a stop).
#include "io/gtfs.hpp"

#include "hublo/algorithms/transit/visits.hpp"
#include "hublo/error.hpp"

#include "../transit_reference.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

namespace {

namespace gtfs = hublo::io::gtfs;
using namespace hublo::algorithms::transit;

const std::filesystem::path kFeed = std::filesystem::path(HUBLO_TEST_DATA_DIR) / "gtfs" / "small";
constexpr std::uint32_t VIL = 0, CHB = 1, GAR = 2, GAR2 = 3, FS = 4;

std::int32_t hms(int h, int m) {
    return h * 3600 + m * 60;
}

std::vector<std::vector<Walk>> feed_footpaths(const gtfs::Feed &f) {
    std::vector<std::vector<Walk>> foot(f.stops.size());
    for (const auto &t : f.transfers) {
        foot[t.from].push_back({t.to, t.seconds});
    }
    return foot;
}

Timetable day(const gtfs::Feed &f, const char *date) {
    return Timetable::build(f.stops.size(), gtfs::trips_on(f, gtfs::parse_date(date)),
                            feed_footpaths(f));
}

TEST(Gtfs, ReadsTheHandMadeFeed) {
    const auto f = gtfs::read_feed(kFeed);
    ASSERT_EQ(f.stops.size(), 5u); // the station (location_type 1) is not a stop
    EXPECT_EQ(f.stops[VIL].id, "VIL");
    EXPECT_EQ(f.stops[VIL].name, "Villebourg, église");
    EXPECT_EQ(f.stops[GAR2].name, "Gare routière, quai bus");
    EXPECT_NEAR(f.stops[FS].lat, 47.4, 1e-12);
    EXPECT_EQ(f.agencies, 1u);
    EXPECT_EQ(f.routes, 2u);
    EXPECT_EQ(f.trips.size(), 7u);
    EXPECT_EQ(f.frequencies.size(), 2u);
    EXPECT_EQ(f.transfers.size(), 2u);
    EXPECT_EQ(gtfs::format_date(f.first_day), "2026-01-01");
    EXPECT_EQ(gtfs::format_date(f.last_day), "2026-12-31");
    // T1's untimed stop at Chambon, interpolated halfway between 07:05 and 07:50.
    ASSERT_EQ(f.warnings.size(), 1u);
    EXPECT_EQ(f.warnings[0].key, "gtfs_times_interpolated");
    EXPECT_EQ(f.trips[0].id, "T1");
    EXPECT_EQ(f.trips[0].arrival[1], hms(7, 27) + 30);
}

TEST(Gtfs, DatesAndWeekdays) {
    EXPECT_EQ(gtfs::weekday(gtfs::parse_date("2026-03-10")), 1); // a Tuesday
    EXPECT_EQ(gtfs::weekday(gtfs::parse_date("20260314")), 5);   // a Saturday
    EXPECT_EQ(gtfs::format_date(gtfs::parse_date("2028-02-29")), "2028-02-29");
    EXPECT_THROW(gtfs::parse_date("2026-13-01"), std::invalid_argument);
}

TEST(Gtfs, KnownAnswersOfTheHandMadeFeed) {
    const auto f = gtfs::read_feed(kFeed);
    const std::vector<Walk> at_vil{{VIL, 0}};
    {
        // Tuesday: T1 at 07:05, Gare 07:50, across the street 07:53, bus 08:00, FS 08:08.
        const auto tt = day(f, "2026-03-10");
        std::size_t services = 0;
        EXPECT_EQ(gtfs::trips_on(f, gtfs::parse_date("2026-03-10"), &services).size(),
                  4u + 72u * 2u + 1u); // T1 T2 T4 T5, 72 buses each way, T5 of Monday
        EXPECT_EQ(services, 2u);       // WEEK and ALL
        Raptor r(tt, 4);
        r.query(at_vil, hms(7, 0));
        EXPECT_EQ(r.best(GAR), hms(7, 50));
        EXPECT_EQ(r.best(GAR2), hms(7, 53));
        EXPECT_EQ(r.best(FS), hms(8, 8));
        EXPECT_EQ(r.vehicles(FS), 2);
        // One minute after T1: the next coach is T2 at 12:05, FS at 13:08.
        r.query(at_vil, hms(7, 6));
        EXPECT_EQ(r.best(FS), hms(13, 8));
        // Without the transfer footpath, GAR2 is never reached from the coach.
        const auto bare =
            Timetable::build(f.stops.size(), gtfs::trips_on(f, gtfs::parse_date("2026-03-10")), {});
        Raptor b(bare, 4);
        b.query(at_vil, hms(7, 0));
        EXPECT_EQ(b.best(FS), kNever);
    }
    {
        // Wednesday 11th: no WEEK service (calendar_dates removes it); the city bus runs.
        const auto tt = day(f, "2026-03-11");
        Raptor r(tt, 4);
        r.query(at_vil, hms(7, 0));
        EXPECT_EQ(r.best(FS), kNever);
        // Tuesday's T5 leaves Gare at 23:50 (-600 s on Wednesday), in Villebourg at 00:35.
        r.query(std::vector<Walk>{{GAR, 0}}, -900);
        EXPECT_EQ(r.best(VIL), hms(0, 35));
    }
    {
        // Saturday 14th, added by calendar_dates: T3 09:00 -> 09:45, 09:48, bus 09:50, 09:58.
        const auto tt = day(f, "2026-03-14");
        Raptor r(tt, 4);
        r.query(at_vil, hms(8, 0));
        EXPECT_EQ(r.best(FS), hms(9, 58));
        // Sunday 15th: no coach at all.
        const auto sunday = day(f, "2026-03-15");
        Raptor s(sunday, 4);
        s.query(at_vil, hms(8, 0));
        EXPECT_EQ(s.best(GAR), kNever);
    }
}

// The place beside FS (2 min on foot), open on Tuesdays 09:00-12:00 and 14:00-17:00. From
// Villebourg, a visit of 30 min starting within 3 h, home by 20:00.
// - Leaving by 07:05: T1, FS 08:08, at the door 08:10, wait: visit 09:00 (start - leave
//   <= 3 h from 06:00 on). Home: the last bus back that makes T4 (17:10) leaves FS at 16:50
//   (Gare2 16:58, Gare 17:01); 17:00 would reach Gare at 17:11. Visit over long before.
// - Leaving 07:06 to 12:05: T2, at the door 13:10, visit 14:00: within 3 h from 11:00 on.
// - After 12:05 no coach: no visit.
// So the departures from which a visit is possible: 06:00-07:05 (66 minutes) and
// 11:00-12:05 (66 minutes): 132 minutes on that Tuesday.
TEST(Gtfs, OpenOnArrivalAndAWayBackWorkedOutByHand) {
    const auto f = gtfs::read_feed(kFeed);
    const auto tt = day(f, "2026-03-10");
    const auto back = tt.reversed();
    Raptor fw(tt, 4), bw(back, 4);
    const std::vector<Walk> home{{VIL, 0}};
    const std::vector<Destination> places{
        {{{FS, 120}}, {{hms(9, 0), hms(12, 0)}, {hms(14, 0), hms(17, 0)}}}};
    DayParameters p;
    p.from_s = hms(6, 0);
    p.to_s = hms(19, 0);
    p.visit_s = 30 * 60;
    p.max_s = 3 * 3600;
    p.back_by_s = hms(20, 0);
    const std::vector<std::int32_t> direct{kNever};
    const std::vector<std::uint8_t> counted{1};
    const auto v = plan_day(fw, bw, tt, home, places, direct, counted, p);
    ASSERT_EQ(v.possible.size(), 13u * 60u + 1u);
    auto at = [&](int h, int m) { return static_cast<std::size_t>((hms(h, m) - p.from_s) / 60); };
    std::size_t minutes = 0;
    for (const auto x : v.possible) {
        minutes += x;
    }
    EXPECT_EQ(minutes, 132u);
    EXPECT_EQ(v.possible[at(6, 0)], 1);
    EXPECT_EQ(v.possible[at(7, 5)], 1);
    EXPECT_EQ(v.possible[at(7, 6)], 0);
    EXPECT_EQ(v.possible[at(10, 59)], 0);
    EXPECT_EQ(v.possible[at(11, 0)], 1);
    EXPECT_EQ(v.possible[at(12, 5)], 1);
    EXPECT_EQ(v.possible[at(12, 6)], 0);
    // Time until the visit starts (travel and the wait at the door).
    EXPECT_EQ(v.start_s[at(7, 0)], hms(2, 0));
    EXPECT_EQ(v.start_s[at(7, 6)], hms(14, 0) - hms(7, 6));
    EXPECT_EQ(v.start_s[at(12, 6)], kNever);
    // A visit of 3 h 30: never possible (the place is open 3 h at a time).
    p.visit_s = 210 * 60;
    const auto none = plan_day(fw, bw, tt, home, places, direct, counted, p);
    EXPECT_EQ(std::count(none.possible.begin(), none.possible.end(), 1), 0);
    // Home by 17:30: the 16:50 bus makes T4 at 17:10, home 17:55: too late. No visit.
    p.visit_s = 30 * 60;
    p.back_by_s = hms(17, 30);
    const auto late = plan_day(fw, bw, tt, home, places, direct, counted, p);
    EXPECT_EQ(std::count(late.possible.begin(), late.possible.end(), 1), 0);
    EXPECT_EQ(late.start_s[at(7, 0)], hms(2, 0)); // the visit itself still starts
}

TEST(Gtfs, RandomQueriesOnTheHandMadeFeedAgreeWithTheReference) {
    const auto f = gtfs::read_feed(kFeed);
    std::mt19937 rng(3);
    std::size_t n = 0;
    for (const char *date : {"2026-03-10", "2026-03-11", "2026-03-14"}) {
        const auto trips = gtfs::trips_on(f, gtfs::parse_date(date));
        const auto foot = feed_footpaths(f);
        const auto tt = Timetable::build(f.stops.size(), trips, foot);
        Raptor r(tt, 8);
        for (int q = 0; q < 100; ++q, ++n) {
            const std::vector<Walk> access{
                {static_cast<std::uint32_t>(rng() % 5), static_cast<std::int32_t>(rng() % 600)}};
            const auto t = static_cast<std::int32_t>(rng() % (26 * 3600)) - 3600;
            r.query(access, t);
            const auto want = hublo::test::reference_arrivals(trips, foot, 5, access, t);
            for (std::uint32_t s = 0; s < 5; ++s) {
                ASSERT_EQ(r.best(s), want[s]) << date << " query " << q;
            }
        }
    }
    EXPECT_EQ(n, 300u);
}

TEST(Gtfs, DefectsAreErrorsNamingTheFile) {
    std::map<std::string, std::string> files{
        {"stops.txt", "stop_id,stop_lat,stop_lon\nA,47,1\nB,47.1,1\n"},
        {"routes.txt", "route_id\nR\n"},
        {"trips.txt", "route_id,service_id,trip_id\nR,S,T\n"},
        {"stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                           "T,08:00:00,08:00:00,A,1\nT,8h10,08:10:00,B,2\n"},
        {"calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                         "start_date,end_date\nS,1,1,1,1,1,0,0,20260101,20261231\n"}};
    try {
        gtfs::parse_feed(files, "feed.zip");
        FAIL() << "a bad time was read";
    } catch (const hublo::Error &e) {
        EXPECT_STREQ(e.what(), "feed.zip: stop_times.txt line 3: '8h10' is not a time H:MM:SS "
                               "(hours may pass 24, up to 47)");
    }
    files["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                              "T,08:00:00,08:00:00,A,1\nT,07:10:00,07:10:00,B,2\n";
    const auto f = gtfs::parse_feed(files, "feed.zip");
    ASSERT_EQ(f.warnings.size(), 2u); // no agency.txt; times backwards
    EXPECT_EQ(f.warnings[0].key, "gtfs_no_agency");
    EXPECT_EQ(f.warnings[1].key, "gtfs_times_backwards");
    EXPECT_TRUE(f.trips[0].stops.empty());
    files.erase("calendar.txt");
    EXPECT_THROW(gtfs::parse_feed(files, "feed.zip"), hublo::Error);
}

} // namespace
