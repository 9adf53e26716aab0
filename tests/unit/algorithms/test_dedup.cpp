#include "hublo/algorithms/dedup.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace hublo::algorithms;

TEST(Dedup, SameSiretMergesWhateverTheDistance) {
    const std::vector<dedup::Candidate> c = {
        {{0, 0}, "21370072500010", "MAIRIE"},
        {{50000, 0}, "21370072500010", "HOTEL DE VILLE"},
        {{10, 0}, "", "OTHER"},
    };
    const auto r = dedup::find_duplicates(c, {});
    EXPECT_EQ(r.group_count, 2u);
    EXPECT_EQ(r.group[1], 0u);
    EXPECT_EQ(r.group[2], 2u);
    EXPECT_EQ(r.merged_by_id, 1u);
    EXPECT_EQ(r.merged_by_name, 0u);
}

TEST(Dedup, SameNameMergesOnlyWithinTheDistance) {
    const std::vector<dedup::Candidate> c = {
        {{0, 0}, "", "FRANCE SERVICES AVOINE"},
        {{99.9, 0}, "", "FRANCE SERVICES AVOINE"}, // 99.9 m: same place
        {{300, 0}, "", "FRANCE SERVICES AVOINE"},  // 200 m from the second: another place
        {{0, 50}, "", "MEDIATHEQUE"},
    };
    const auto r = dedup::find_duplicates(c, {100.0});
    EXPECT_EQ(r.group_count, 3u);
    EXPECT_EQ(r.group[1], 0u);
    EXPECT_EQ(r.group[2], 2u);
    EXPECT_EQ(r.merged_by_name, 1u);
}

TEST(Dedup, ChainsAreTransitiveAndGroupIdsAreTheLowestMember) {
    // 3 ~ 1 by SIRET, 1 ~ 0 by name: one group {0, 1, 3} whose id is 0.
    const std::vector<dedup::Candidate> c = {
        {{0, 0}, "", "CCAS"},
        {{40, 0}, "11111111111111", "CCAS"},
        {{1000, 0}, "", "CCAS"},
        {{90000, 0}, "11111111111111", "CENTRE SOCIAL"},
    };
    const auto r = dedup::find_duplicates(c, {100.0});
    EXPECT_EQ(r.group_count, 2u);
    EXPECT_EQ(r.group[0], 0u);
    EXPECT_EQ(r.group[1], 0u);
    EXPECT_EQ(r.group[3], 0u);
    EXPECT_EQ(r.group[2], 2u);
}

TEST(Dedup, EmptyKeysNeverMatch) {
    const std::vector<dedup::Candidate> c = {{{0, 0}, "", ""}, {{0, 0}, "", ""}};
    EXPECT_EQ(dedup::find_duplicates(c, {}).group_count, 2u);
}

TEST(Dedup, NegativeDistanceIsRejected) {
    EXPECT_THROW(dedup::find_duplicates({}, {-1.0}), std::invalid_argument);
}
