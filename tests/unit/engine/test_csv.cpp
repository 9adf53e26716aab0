// One test per real-world CSV convention the loaders must survive.
#include "hublo/hublo.hpp"
#include "io/csv.hpp"
#include "io/text.hpp"

#include <gtest/gtest.h>

using hublo::io::parse_csv;

namespace {
hublo::io::CsvTable parse(std::string_view text, hublo::io::CsvOptions options = {}) {
    return parse_csv(text, "test.csv", options);
}
} // namespace

TEST(Csv, CommaSeparated) {
    const auto t = parse("code,pop\n01001,776\n2A004,65000\n");
    EXPECT_EQ(t.delimiter, ',');
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[1][1], "65000");
}

TEST(Csv, SemicolonWithDecimalComma) {
    const auto t = parse("CODGEO;TX_POV\n37072;12,5\n");
    EXPECT_EQ(t.delimiter, ';');
    EXPECT_TRUE(t.decimal_comma());
    const auto v = hublo::io::parse_number(t.rows[0][1], t.decimal_comma(), nullptr);
    ASSERT_TRUE(v.has_value());
    EXPECT_DOUBLE_EQ(*v, 12.5);
}

TEST(Csv, CodesKeepLeadingZerosAndLetters) {
    const auto t = parse("code;x\n01001;1\n2A004;2\n2B033;3\n");
    EXPECT_EQ(t.rows[0][0], "01001");
    EXPECT_EQ(t.rows[1][0], "2A004");
    EXPECT_EQ(t.rows[2][0], "2B033");
}

TEST(Csv, Utf8ByteOrderMarkIsRemoved) {
    const auto t = parse("\xEF\xBB\xBF"
                         "code,nom\n37072,Chinon\n");
    EXPECT_EQ(t.encoding, "utf-8-bom");
    EXPECT_EQ(t.header[0], "code"); // not "\xEF\xBB\xBFcode"
    ASSERT_TRUE(t.column("code").has_value());
}

TEST(Csv, Latin1IsDetectedAndConvertedToUtf8) {
    // "Châteauroux" and "Orléans" in Latin-1 (0xE2, 0xE9), with a Windows-1252 euro (0x80).
    const auto t = parse("code;nom;note\n36044;Ch\xE2teauroux;\x80\n45234;Orl\xE9"
                         "ans;x\n");
    EXPECT_EQ(t.encoding, "latin-1");
    EXPECT_EQ(t.rows[0][1], "Ch\xC3\xA2teauroux");
    EXPECT_EQ(t.rows[0][2], "\xE2\x82\xAC");
    EXPECT_EQ(t.rows[1][1], "Orl\xC3\xA9"
                            "ans");
}

TEST(Csv, QuotedFieldsWithLineBreaksSeparatorsAndQuotes) {
    const auto t = parse("id,horaires,nom\n"
                         "1,\"09:00 - 12:00\n14:00 - 17:00\",\"Mairie, \"\"annexe\"\"\"\n"
                         "2,,Poste\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0][1], "09:00 - 12:00\n14:00 - 17:00");
    EXPECT_EQ(t.rows[0][2], "Mairie, \"annexe\"");
    EXPECT_EQ(t.row_line[0], 2u);
    EXPECT_EQ(t.row_line[1], 4u); // the quoted line break moved it down one line
}

TEST(Csv, CrLfLineEndingsAndNoFinalNewline) {
    const auto t = parse("a;b\r\n1;2\r\n3;4");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0][1], "2");
    EXPECT_EQ(t.rows[1][1], "4");
}

TEST(Csv, TabSeparated) {
    const auto t = parse("code\tpop\n37072\t7909\n");
    EXPECT_EQ(t.delimiter, '\t');
    EXPECT_EQ(t.rows[0][1], "7909");
}

TEST(Csv, NoHeaderNamesColumnsByPosition) {
    hublo::io::CsvOptions o;
    o.has_header = false;
    o.delimiter = ';';
    const auto t = parse("371720101;37172;91,2\n", o);
    EXPECT_EQ(t.header[2], "3");
    EXPECT_EQ(t.rows.size(), 1u);
}

TEST(Csv, ShortRowsArePaddedTrailingEmptyFieldsAccepted) {
    const auto t = parse("a,b,c\n1,2\n4,5,6,,\n");
    EXPECT_EQ(t.rows[0].size(), 3u);
    EXPECT_EQ(t.rows[0][2], "");
    EXPECT_EQ(t.rows[1][2], "6");
}

TEST(Csv, TooManyFieldsNamesTheLine) {
    try {
        parse("a;b\n1;2\n3;4;5\n");
        FAIL() << "expected an error";
    } catch (const hublo::Error &e) {
        EXPECT_EQ(e.kind(), hublo::ErrorKind::data);
        EXPECT_NE(std::string(e.what()).find("test.csv:3: 3 fields where the header has 2"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Csv, UnclosedQuoteNamesTheLineWhereItOpens) {
    try {
        parse("a,b\n1,2\n3,\"oops\n4,5\n");
        FAIL() << "expected an error";
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("test.csv:3: a quoted field is never closed"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Csv, EmptyInputIsAnError) {
    EXPECT_THROW(parse(""), hublo::Error);
    EXPECT_THROW(parse("\n\n"), hublo::Error);
}

TEST(Csv, MissingColumnSuggestsTheClosest) {
    const auto t = parse("insee_com,population_2021\n37072,7909\n");
    try {
        (void)t.require_column("population_2012", "[population] column");
        FAIL();
    } catch (const hublo::Error &e) {
        EXPECT_NE(std::string(e.what()).find("did you mean 'population_2021'?"), std::string::npos)
            << e.what();
    }
}
