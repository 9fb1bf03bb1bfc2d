// Builds the JSON object and the text lines of a suspend measurement from the same figures.
#include "cli/suspend_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "usb/key_codes.h"

namespace usbcheck::cli {
namespace {

using nlohmann::json;

json optional_ms(const std::optional<double>& ms) { return ms ? json(*ms) : json(nullptr); }
json optional_text(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json key_array(const std::vector<int>& keys) {
    json out = json::array();
    for (int k : keys) out.push_back(usb::key_name(k));
    return out;
}

json host_resume(const usb::SuspendMeasurement& m) {
    const auto stats = usb::latency_stats(m.resume_ms);
    return {{"cycles_requested", m.cycles_requested},
            {"latencies_ms", m.resume_ms},
            {"min_ms", stats ? json(stats->min_ms) : json(nullptr)},
            {"median_ms", stats ? json(stats->median_ms) : json(nullptr)},
            {"p95_ms", stats ? json(stats->p95_ms) : json(nullptr)},
            {"max_ms", stats ? json(stats->max_ms) : json(nullptr)},
            {"spec_floor_ms", usb::k_spec_resume_floor_ms},
            {"max_resume_ms", m.max_resume_ms},
            {"max_resume_source", m.max_resume_given ? "option" : "default"},
            {"host_controller", optional_text(m.host_controller)},
            {"host_floor_ms", m.host_floor_ms},
            {"get_status_checked", m.get_status_checked},
            {"get_status_problems", m.get_status_problems},
            {"problem", optional_text(m.resume_problem)}};
}

std::vector<std::string> text_lines(const usb::SuspendMeasurement& m) {
    std::vector<std::string> lines;
    lines.push_back(m.enter_ms ? fmt::format("suspend: entered in {:.1f} ms (autosuspend_delay_ms {})", *m.enter_ms,
                                             m.autosuspend_delay_ms)
                               : fmt::format("suspend: not entered: {}", m.enter_problem));
    if (const auto s = usb::latency_stats(m.resume_ms))
        lines.push_back(fmt::format("host resume ({} cycles): min {:.1f}, median {:.1f}, p95 {:.1f}, max {:.1f} ms "
                                    "(spec floor {:.0f} ms; Linux waits about {:.0f} ms on {}; limit {:.0f} ms{})",
                                    s->count, s->min_ms, s->median_ms, s->p95_ms, s->max_ms, usb::k_spec_resume_floor_ms,
                                    m.host_floor_ms, m.host_controller.empty() ? "this host controller" : m.host_controller,
                                    m.max_resume_ms, m.max_resume_given ? ", --max-resume-ms" : " = that + 50 ms"));
    if (!m.wake_skip.empty()) {
        lines.push_back("remote wakeup: not tried: " + m.wake_skip);
    } else {
        std::string line = fmt::format("remote wakeup ({}):", m.stimulus);
        line += m.wake_ms ? fmt::format(" resumed {:.1f} ms after the stimulus", *m.wake_ms) : " did not resume";
        if (m.first_frame)
            line += fmt::format(", first input {} at {:.1f} ms", usb::key_names(m.first_frame->keys, "motion"),
                                m.first_frame->at_ms);
        else if (m.wake_ms)
            line += ", no input";
        if (!m.expected_keys.empty()) line += fmt::format(" (expected {})", usb::key_names(m.expected_keys, "nothing"));
        if (!m.wake_problem.empty()) line += ": " + m.wake_problem;
        lines.push_back(line);
    }
    lines.push_back(m.led_skip.empty() ? fmt::format("LEDs: with Caps Lock lit suspended {}, resumed {} (the LED itself is "
                                                     "not read back: look at the keyboard)",
                                                     m.led_suspended.value_or(false) ? "yes" : "no",
                                                     m.led_after.value_or(false) ? "yes" : "no")
                                       : "LEDs: not tested: " + m.led_skip);
    const bool restored = m.restore_error.empty() && m.before == m.after;
    std::vector<std::string> settings;
    for (const auto& [k, v] : m.before) settings.push_back(fmt::format("{}={}", k, v));
    lines.push_back(fmt::format("power settings {}: {}", restored ? "restored" : "NOT restored", fmt::join(settings, " ")));
    if (m.interrupted) lines.push_back("interrupted: the run stopped early; power settings were restored first");
    return lines;
}

}  // namespace

reports::Measurement suspend_measurement(const usb::SuspendMeasurement& m) {
    json data = {
        {"device", m.device},
        {"interrupted", m.interrupted},
        {"settings_before", m.before},
        {"settings_after", m.after},
        {"restored", m.restore_error.empty() && m.before == m.after},
        {"restore_error", optional_text(m.restore_error)},
        {"enter",
         {{"autosuspend_delay_ms", m.autosuspend_delay_ms},
          {"timeout_ms", m.enter_timeout_ms},
          {"suspended", m.enter_ms.has_value()},
          {"ms", optional_ms(m.enter_ms)},
          {"problem", optional_text(m.enter_problem)}}},
        {"host_resume", host_resume(m)},
        {"remote_wakeup",
         {{"stimulus", m.stimulus},
          {"capable", m.remote_wakeup_capable},
          {"input_node", optional_text(m.input_node)},
          {"skipped", optional_text(m.wake_skip)},
          {"problem", optional_text(m.wake_problem)},
          {"timeout_ms", m.wake_timeout_ms},
          {"wake_ms", optional_ms(m.wake_ms)},
          {"first_input_ms", optional_ms(m.first_input_ms)},
          {"expected", optional_text(m.expected_text)},
          {"expected_keys", key_array(m.expected_keys)},
          {"first_keys", m.first_frame ? key_array(m.first_frame->keys) : json(nullptr)},
          {"first_motion", m.first_frame ? json(m.first_frame->motion) : json(nullptr)}}},
        {"led",
         {{"skipped", optional_text(m.led_skip)},
          {"suspended_with_led", m.led_suspended ? json(*m.led_suspended) : json(nullptr)},
          {"resumed_with_led", m.led_after ? json(*m.led_after) : json(nullptr)}}},
    };
    return {"suspend", std::move(data), text_lines(m)};
}

}  // namespace usbcheck::cli
