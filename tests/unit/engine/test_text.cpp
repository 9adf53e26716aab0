#include "io/text.hpp"

#include <gtest/gtest.h>

using namespace hublo::io;

TEST(Text, ParseNumberFrenchConventions) {
    bool bad = false;
    EXPECT_DOUBLE_EQ(*parse_number("12,5", true, &bad), 12.5);
    EXPECT_DOUBLE_EQ(*parse_number("1 234,5", true, &bad), 1234.5);
    EXPECT_DOUBLE_EQ(*parse_number("1\xC2\xA0"
                                   "234",
                                   true, &bad),
                     1234.0); // no-break space
    EXPECT_DOUBLE_EQ(*parse_number("2\xE2\x80\xAF"
                                   "500,25",
                                   true, &bad),
                     2500.25); // narrow no-break space
    EXPECT_DOUBLE_EQ(*parse_number("-3e2", false, &bad), -300.0);
    EXPECT_DOUBLE_EQ(*parse_number(" +7 ", false, &bad), 7.0);
    EXPECT_FALSE(bad);
}

TEST(Text, MissingMarkersAreMissingNotZero) {
    bool bad = false;
    for (const char *s : {"", " ", "NA", "nd", "s", "-", "N/A"}) {
        EXPECT_FALSE(parse_number(s, true, &bad).has_value()) << s;
    }
    EXPECT_FALSE(bad);
}

TEST(Text, MalformedNumbersAreFlagged) {
    bool bad = false;
    EXPECT_FALSE(parse_number("12abc", false, &bad).has_value());
    EXPECT_TRUE(bad);
    bad = false;
    EXPECT_FALSE(parse_number("nan", false, &bad).has_value());
    EXPECT_TRUE(bad);
    bad = false;
    EXPECT_FALSE(parse_number("1,5", false, &bad).has_value()); // a comma is not a point here
    EXPECT_TRUE(bad);
}

TEST(Text, NormaliseCode) {
    EXPECT_EQ(normalise_code(" 37072 "), "37072");
    EXPECT_EQ(normalise_code("1001", 5), "01001");
    EXPECT_EQ(normalise_code("2A004", 5), "2A004");
    EXPECT_EQ(normalise_code("22280001300013.0"), "22280001300013");
    EXPECT_EQ(normalise_code("12.5"), "12.5");
}

TEST(Text, NameKeyFoldsAccentsAndPunctuation) {
    EXPECT_EQ(name_key("Mairie  d'Avoine"), "MAIRIE D AVOINE");
    EXPECT_EQ(name_key("Médiathèque L'Île-Bouchard"), "MEDIATHEQUE L ILE BOUCHARD");
    EXPECT_EQ(name_key("  ÇA VA ? "), "CA VA");
}

TEST(Text, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("Orl\xC3\xA9"
                              "ans"));
    EXPECT_FALSE(is_valid_utf8("Orl\xE9"
                               "ans"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF")); // overlong
}

TEST(Text, SplitListAndClosest) {
    EXPECT_EQ(split_list("CNFS, France Services", ','),
              (std::vector<std::string>{"CNFS", "France Services"}));
    EXPECT_EQ(split_list("a||b|", '|'), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(edit_distance("code", "cod"), 1u);
    EXPECT_EQ(closest("cod", {"path", "code", "name"}), "code");
    EXPECT_EQ(closest("zzzzzz", {"path", "code"}), "");
}
