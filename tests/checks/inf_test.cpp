// The INF reader (encodings, continuations, quoting, strings, syntax errors with line numbers) and
// every `inf.` rule: each passes on a good package and fails on a variant edited from it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "checks/inf.h"
#include "inf/inf_reader.h"
#include "test_util.h"

using namespace usbcheck;

namespace {

std::string slurp(const std::string& relative) {
    std::ifstream in(test::source_path(relative), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string usbser() { return slurp("tests/inf/data/usbser_win81.inf"); }
std::string hid() { return slurp("tests/inf/data/hid_selsus.inf"); }

// Replaces the one occurrence of `from`; aborts the test when it is missing (the fixture changed).
std::string edit(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "fixture has no '" << from << "'";
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

checks::CheckResult result_of(const std::vector<checks::CheckResult>& results, std::string_view id) {
    for (const auto& r : results)
        if (r.def->id == id) return r;
    ADD_FAILURE() << "no check " << id;
    return {};
}

std::vector<checks::CheckResult> run(const std::string& text, const checks::InfContext& context = {}) {
    return checks::run_inf_checks(inf::parse_inf(text), context);
}

std::string first_message(const checks::CheckResult& r) { return r.findings.empty() ? "" : r.findings.front().message; }

}  // namespace

TEST(InfReader, SectionsKeysQuotesAndComments) {
    const auto inf = inf::parse_inf(
        "; comment\n[version]\nSIGNATURE = \"$Windows NT$\" ; trailing\n"
        "[Odd]\nKey = \"a;b\", \"say \"\"hi\"\"\" , plain value\n");
    EXPECT_TRUE(inf.notes.empty());
    EXPECT_EQ(inf.value("VERSION", "signature"), "$Windows NT$");
    const auto* odd = inf.find("odd");
    ASSERT_NE(odd, nullptr);
    ASSERT_EQ(odd->lines.size(), 1u);
    EXPECT_EQ(odd->lines[0].values, (std::vector<std::string>{"a;b", "say \"hi\"", "plain value"}));
}

TEST(InfReader, LineContinuation) {
    const auto inf = inf::parse_inf("[M]\n%D% = Install, \\\n   USB\\VID_1234&PID_5678\n[Strings]\nD=\"x\"\n");
    const auto* m = inf.find("M");
    ASSERT_NE(m, nullptr);
    ASSERT_EQ(m->lines.size(), 1u);
    EXPECT_EQ(m->lines[0].number, 2u);
    EXPECT_EQ(m->lines[0].key, "x");
    EXPECT_EQ(m->lines[0].values, (std::vector<std::string>{"Install", "USB\\VID_1234&PID_5678"}));
}

TEST(InfReader, Utf16LeWithBom) {
    const std::string text = "[Version]\r\nSignature=\"$Windows NT$\"\r\nProvider=%P%\r\n[Strings]\r\nP=\"Müller\"\r\n";
    // UTF-8 -> UTF-16LE for the ASCII and Latin-1 characters of the text.
    std::string bytes = "\xFF\xFE";
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned cp = static_cast<unsigned char>(text[i]);
        if (cp == 0xC3) cp = 0xC0 | (static_cast<unsigned char>(text[++i]) & 0x3F);
        bytes += static_cast<char>(cp);
        bytes += '\0';
    }
    const auto inf = inf::parse_inf(bytes);
    EXPECT_EQ(inf.encoding, "utf-16le-bom");
    EXPECT_TRUE(inf.notes.empty());
    EXPECT_EQ(inf.value("Version", "Provider"), "Müller");
}

TEST(InfReader, Utf8BomAndAnsi) {
    EXPECT_EQ(inf::parse_inf("\xEF\xBB\xBF[A]\nk=v\n").encoding, "utf-8-bom");
    const auto ansi = inf::parse_inf("[A]\nk=M\xFCller\n");
    EXPECT_EQ(ansi.encoding, "ansi");
    EXPECT_EQ(ansi.value("A", "k"), "Müller");
}

TEST(InfReader, LocalisedStrings) {
    const auto good = hid();
    EXPECT_EQ(inf::parse_inf(good).strings_section, "Strings");
    const auto de = inf::parse_inf(good, {"0407"});
    EXPECT_EQ(de.strings_section, "Strings.0407");
    EXPECT_EQ(de.strings.at("keypad.desc"), "usbcheck Tastenfeld (selektives Anhalten)");
    const auto missing = inf::parse_inf(good, {"040c"});
    EXPECT_EQ(missing.strings_section, "Strings");
    ASSERT_FALSE(missing.notes.empty());
}

TEST(InfReader, SyntaxErrorsCarryLineNumbers) {
    const auto inf = inf::parse_inf("orphan = 1\n[Version\n[Ok]\nk = \"open\n[]\n");
    ASSERT_EQ(inf.notes.size(), 4u);
    EXPECT_EQ(inf.notes[0].line, 1u);  // text outside any section
    EXPECT_EQ(inf.notes[1].line, 2u);  // no closing bracket
    EXPECT_EQ(inf.notes[2].line, 4u);  // open quote
    EXPECT_EQ(inf.notes[3].line, 5u);  // empty name
    const auto results = checks::run_inf_checks(inf, {});
    const auto& syntax = result_of(results, "inf.syntax");
    EXPECT_EQ(syntax.status, checks::Status::fail);
    EXPECT_EQ(first_message(syntax).rfind("line 1: ", 0), 0u) << first_message(syntax);
}

TEST(InfReader, TotalOnArbitraryBytes) {
    std::string bytes;
    for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) & 0xFF);
    (void)checks::run_inf_checks(inf::parse_inf(bytes), {});
    (void)checks::run_inf_checks(inf::parse_inf(std::string("\xFF\xFE\x00\xD8[", 5)), {});
    (void)checks::run_inf_checks(inf::parse_inf(std::string("[\0A]\nk\0=v", 10)), {});
    (void)checks::run_inf_checks(inf::parse_inf("[A]\nk=v\\"), {});
}

TEST(InfChecks, GoodPackagesPass) {
    for (const auto& text : {usbser(), hid()})
        for (const auto& r : run(text)) {
            EXPECT_NE(r.status, checks::Status::fail) << r.def->id << ": " << first_message(r);
            EXPECT_NE(r.status, checks::Status::warn) << r.def->id << ": " << first_message(r);
            EXPECT_NE(r.status, checks::Status::error) << r.def->id << ": " << r.error;
        }
    EXPECT_EQ(result_of(run(usbser()), "inf.usbser.services").status, checks::Status::pass);
    EXPECT_EQ(result_of(run(hid()), "inf.hid.selsus").status, checks::Status::pass);
    EXPECT_EQ(result_of(run(hid()), "inf.usbser.class").status, checks::Status::skip);
    EXPECT_EQ(result_of(run(usbser()), "inf.hid.class").status, checks::Status::skip);
}

struct Variant {
    const char* id;
    bool hid;  // edit the HID package, else the usbser one
    const char* from;
    const char* to;
    const char* expect;  // a piece of the first finding
};

const Variant k_variants[] = {
    {"inf.syntax", false, "[SerialInstall.NT]\n", "[SerialInstall.NT\n", "line 20: section header"},
    {"inf.version.signature", false, "\"$Windows NT$\"", "\"$Windows 95$\"", "$Windows 95$"},
    {"inf.version.class-guid", true, "{745a17a0-74d3-11d0-b6fe-00a0c90f57da}", "{4d36e978-e325-11ce-bfc1-08002be10318}", "belongs to class Ports"},
    {"inf.version.provider", false, "Provider    = %ProviderName%\n", "", "no Provider"},
    {"inf.version.driver-ver", false, "03/14/2024,1.2.0.0", "2024-03-14,1.2", "not mm/dd/yyyy"},
    {"inf.version.driver-ver", true, "05/02/2024,2.0.1.7", "05/02/2024,2.0.70000.7", "not w.x.y.z"},
    {"inf.version.catalog-file", true, "CatalogFile = usbcheck_hid.cat\n", "", "no CatalogFile"},
    {"inf.sections.referenced", false, "AddReg    = SerialInstall.AddReg", "AddReg    = SerialInstall.AddRegs", "[SerialInstall.AddRegs]"},
    {"inf.sections.referenced", true, "Needs   = HID_SelSus_Inst.NT\n", "Needs   = HID_SelSus_Inst.NT64\n", "[HID_SelSus_Inst.NT64]"},
    {"inf.models.decorations", true, "[HidModels.NTarm64]", "[HidModels.NTarm]", "NTarm64"},
    {"inf.models.hardware-id", false, "SerialInstall, USB\\VID_303A&PID_4001&MI_00\n\n[SerialModels.NTamd64]",
     "SerialInstall, USB\\VID_xxxx&PID_yyyy\n\n[SerialModels.NTamd64]", "VID_xxxx"},
    {"inf.models.duplicate-id", true, "%Keypad.Desc% = KeypadInstall, USB\\VID_1209&PID_0001&MI_00\n\n[HidModels.NTarm64]",
     "%Keypad.Desc% = KeypadInstall, USB\\VID_1209&PID_0001&MI_00\n%ProviderName% = Other, USB\\VID_1209&PID_0001&MI_00\n[Other.NT]\n\n[HidModels.NTarm64]",
     "mapped twice"},
    {"inf.strings.defined", false, "SerialPort.Desc = \"usbcheck CDC serial port\"\n", "", "%SerialPort.Desc%"},
    {"inf.usbser.class", false, "Class       = Modem", "Class       = Ports", "needs Class Modem"},
    {"inf.usbser.include", false, "CopyFiles = FakeModemCopyFileSection\n", "", "CopyFiles=FakeModemCopyFileSection"},
    {"inf.usbser.services", false, "usbser, 0x00000000, LowerFilter_Service_Inst", "usbser, 0x00000002, LowerFilter_Service_Inst", "lacks AddService=usbser"},
    {"inf.usbser.include", false, "[SerialInstall.NT.Services]", "[SerialInstall.NTx86]\nAddReg = SerialInstall.AddReg\n\n[SerialInstall.NT.Services]",
     "[SerialInstall.NTx86] does not include mdmcpq.inf"},
    {"inf.usbser.hw", false, "AddReg  = LowerFilterAddReg\n", "", "lacks AddReg=LowerFilterAddReg"},
    {"inf.hid.class", true, "Class       = HIDClass", "Class       = USBDevice", "needs Class HIDClass"},
    {"inf.hid.driver-ver", true, "05/02/2024,2.0.1.7", "06/21/2006,2.0.1.7", "not newer than 06/21/2006"},
    {"inf.hid.selsus", true, "Needs   = HID_SelSus_Inst.NT.HW", "Needs   = HID_Inst.NT.HW", "does not enable selective suspend"},
    {"inf.hid.selsus", true, "[KeypadInstall.NT.Services]\nInclude = input.inf\n", "[KeypadInstall.NT.Services]\n", "does not include input.inf"},
};

TEST(InfChecks, EachRuleFailsOnItsVariant) {
    for (const auto& v : k_variants) {
        SCOPED_TRACE(v.id);
        const auto text = edit(v.hid ? hid() : usbser(), v.from, v.to);
        const auto results = run(text);
        const auto& r = result_of(results, v.id);
        const auto expected = r.def && r.def->severity == checks::Severity::warning ? checks::Status::warn : checks::Status::fail;
        EXPECT_EQ(r.status, expected);
        EXPECT_NE(first_message(r).find(v.expect), std::string::npos) << first_message(r);
    }
}

TEST(InfChecks, InfoRulesNote) {
    const auto& lang = result_of(run(hid()), "inf.strings.language");
    EXPECT_EQ(lang.status, checks::Status::pass);
    EXPECT_NE(first_message(lang).find("[Strings]; localised sections present: 0407"), std::string::npos);
    const auto& w10 = result_of(run(usbser()), "inf.usbser.windows10");
    EXPECT_EQ(w10.status, checks::Status::pass);
    EXPECT_NE(first_message(w10).find("Windows 10"), std::string::npos);
    // Not a usbser package: no note.
    EXPECT_EQ(result_of(run(hid()), "inf.usbser.windows10").status, checks::Status::skip);
}

TEST(InfChecks, HidDriverVerFloorIsConfigurable) {
    checks::InfContext context;
    context.driver_ver_floor = "01/01/2025";
    EXPECT_EQ(result_of(run(hid(), context), "inf.hid.driver-ver").status, checks::Status::fail);
    EXPECT_EQ(checks::parse_inf_date("13/01/2024"), -1);
    EXPECT_EQ(checks::parse_inf_date("06/21/2006"), 20060621);
}

TEST(InfChecks, DeviceMatch) {
    checks::WindowsPrediction device;
    device.known = true;
    device.hardware_ids = {"USB\\VID_303A&PID_4001&REV_0100", "USB\\VID_303A&PID_4001"};
    checks::WindowsPrediction::Function function;
    function.hardware_ids = {"USB\\VID_303A&PID_4001&REV_0100&MI_00", "USB\\VID_303A&PID_4001&MI_00"};
    device.functions.push_back(function);
    checks::InfContext context;
    context.devices = {device};
    context.device_names = {"303a:4001"};
    EXPECT_EQ(result_of(run(usbser()), "inf.device.match").status, checks::Status::skip);
    EXPECT_EQ(result_of(run(usbser(), context), "inf.device.match").status, checks::Status::pass);
    device.composite = true;
    context.devices = {device};
    const auto parent = result_of(run(edit(edit(usbser(), "4001&MI_00\n\n", "4001\n\n"), "4001&MI_00\n\n", "4001\n\n"), context), "inf.device.match");
    EXPECT_EQ(parent.status, checks::Status::fail);
    EXPECT_NE(first_message(parent).find("matches only its parent node"), std::string::npos) << first_message(parent);
    const auto& r = result_of(run(hid(), context), "inf.device.match");
    EXPECT_EQ(r.status, checks::Status::fail);
    EXPECT_NE(first_message(r).find("no INF ID matches 303a:4001"), std::string::npos);
}
