#include "outputs/monograph_fr.hpp"

#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace hublo::outputs::mono {

namespace {

/// A word and its French.
using Words = std::pair<std::string_view, std::string_view>;

constexpr std::array<Words, 7> kDays = {{{"Mo", "lun."},
                                         {"Tu", "mar."},
                                         {"We", "mer."},
                                         {"Th", "jeu."},
                                         {"Fr", "ven."},
                                         {"Sa", "sam."},
                                         {"Su", "dim."}}};

constexpr std::array<Words, 6> kWeekdays = {{{"Monday", "lundi"},
                                             {"Tuesday", "mardi"},
                                             {"Wednesday", "mercredi"},
                                             {"Thursday", "jeudi"},
                                             {"Friday", "vendredi"},
                                             {"Saturday", "samedi"}}};

bool alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

/// "09:00" → "9h", "13:30" → "13h30".
std::string fr_clock(std::string_view hhmm) {
    std::string h(hhmm.substr(0, 2));
    if (h.size() == 2 && h[0] == '0') {
        h.erase(0, 1);
    }
    const std::string_view m = hhmm.substr(3, 2);
    return h + "h" + (m == "00" ? "" : std::string(m));
}

/// The word at `i` of `s` when it is a whole word (no letter right before or after).
bool word_at(const std::string &s, std::size_t i, std::string_view w) {
    return s.compare(i, w.size(), w) == 0 && (i == 0 || !alpha(s[i - 1])) &&
           (i + w.size() >= s.size() || !alpha(s[i + w.size()]));
}

/// Replaces whole phrases, the first of `pairs` that matches at each position.
template <std::size_t N>
std::string replace_phrases(const std::string &s, const std::array<Words, N> &pairs) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool done = false;
        for (const auto &[from, to] : pairs) {
            if (word_at(s, i, from)) {
                out += to;
                i += from.size();
                done = true;
                break;
            }
        }
        if (!done) {
            out += s[i++];
        }
    }
    return out;
}

} // namespace

std::string fr_hours(const std::string &osm) {
    std::string out;
    for (std::size_t i = 0; i < osm.size();) {
        const char c = osm[i];
        if (i + 5 <= osm.size() && digit(c) && digit(osm[i + 1]) && osm[i + 2] == ':' &&
            digit(osm[i + 3]) && digit(osm[i + 4])) {
            out += fr_clock(std::string_view(osm).substr(i, 5));
            i += 5;
            continue;
        }
        bool day = false;
        for (const auto &[code, name] : kDays) {
            if (word_at(osm, i, code)) {
                out += name;
                i += code.size();
                day = true;
                break;
            }
        }
        if (day) {
            continue;
        }
        if (word_at(osm, i, "off")) {
            out += "fermé";
            i += 3;
        } else if (word_at(osm, i, "PH")) {
            out += "jours fériés";
            i += 2;
        } else if (c == '-') {
            out += "–";
            ++i;
        } else if (c == ',' || c == ';') {
            out += c == ',' ? ", " : " ; ";
            for (++i; i < osm.size() && osm[i] == ' '; ++i) {
            }
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::string fr_schedule(const std::string &schedule) {
    static constexpr std::string_view kShare = "an equal share of the service's hours ";
    if (schedule.starts_with(kShare)) {
        return "une part égale des heures du service " + schedule.substr(kShare.size());
    }
    if (schedule == "the service's hours no stop read takes, at its base") {
        return "les heures du service qu'aucun arrêt lu ne prend, à sa base";
    }
    if (schedule == "last day of the month") {
        return "le dernier jour du mois";
    }
    for (const auto &[en, fr] : kWeekdays) {
        const std::string month = " " + std::string(en) + " of the month";
        if (schedule.size() > month.size() && schedule.ends_with(month) && digit(schedule[0])) {
            const std::string n = schedule.substr(0, schedule.find_first_not_of("0123456789"));
            return "le " + n + (n == "1" ? "er " : "e ") + std::string(fr) + " du mois";
        }
        const std::string every = std::string(en) + "s";
        if (schedule == every || schedule.starts_with(every + ", ")) {
            return "chaque " + std::string(fr) +
                   (schedule == every ? "" : ", " + fr_hours(schedule.substr(every.size() + 2)));
        }
    }
    return schedule;
}

std::string fr_reasons(const std::string &reasons) {
    static constexpr std::array<Words, 6> kReasons = {
        {{"far by car and without a car", "loin en voiture et sans voiture"},
         {"far by car", "loin en voiture"},
         {"far without a car", "loin sans voiture"},
         {"far", "loin"},
         {"thin", "peu d'heures d'aide"},
         {"and", "et"}}};
    return replace_phrases(reasons, kReasons);
}

} // namespace hublo::outputs::mono
