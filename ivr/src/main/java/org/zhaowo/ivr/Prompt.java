package org.zhaowo.ivr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One recorded prompt: its key, the sound file Asterisk plays ({@code zhaowo/<key>}, in the channel
 * language's folder; {@code zhaowo/slow/<key>} for the slower voice), and its text per language. The
 * flows' prompts have both texts; the words numbers and dates are made of ({@code num/…}, see
 * {@link Spoken}) differ per language, so a number word has the text of the languages that use it and
 * null for the others: each language folder gets its own set.
 */
record Prompt(String key, String zh, String en) {
  private static final List<Prompt> CATALOG = new ArrayList<>();
  /** The language folders Asterisk looks in, as {@code CHANNEL(language)} names them. */
  static final List<String> LANGUAGES = List.of("zh", "en");

  static final Prompt WELCOME = add("welcome", "您好，这里是96715，有事请找我。",
      "Hello, this is 96715, the citizen service hotline.");
  static final Prompt YOU_HAVE = add("you-have", "您有", "You have");
  static final Prompt REQUESTS_IN_PROGRESS = add("requests-in-progress", "件诉求正在办理，查询进度请按2。",
      "requests in progress. To hear about them, press 2.");
  static final Prompt MAIN_MENU = add("main-menu", "反映新问题请按1，查询办理进度请按2，人工服务请按0。",
      "To report a new problem, press 1. To check progress, press 2. To speak to a person, press 0.");
  static final Prompt GRID_HEAD_OFFER = add("grid-head-offer", "联系您的网格长请按3。", "For your grid head, press 3.");
  static final Prompt CONNECTING_GRID_HEAD = add("connecting-grid-head", "正在为您接通网格长，请稍候。",
      "Connecting you to your grid head. Please hold.");
  static final Prompt NO_INPUT = add("no-input", "对不起，没有听到您的按键。", "Sorry, we did not hear a key.");
  static final Prompt WRONG_KEY = add("wrong-key", "对不起，您的按键有误。", "Sorry, that key is not an option.");
  static final Prompt CATEGORY_GROUPS = add("category-groups",
      "水电气维修请按1，养老、健康和困难帮扶请按2，治安纠纷和环境卫生请按3，就业和政策咨询请按4，其他问题请按5。",
      "Water, power or gas repairs, press 1. Elderly care, health or hardship, press 2. Safety, disputes or"
          + " the environment, press 3. Jobs or policy questions, press 4. Anything else, press 5.");
  static final Prompt CATEGORY_GROUP_1 = add("category-group-1", "水电气维修请按1。", "Water, power or gas repairs, press 1.");
  static final Prompt CATEGORY_GROUP_2 = add("category-group-2", "家政养老请按1，健康服务请按2，困难帮扶请按3。",
      "Housekeeping and elderly care, press 1. Health services, press 2. Help for families in hardship, press 3.");
  static final Prompt CATEGORY_GROUP_3 = add("category-group-3", "社区治安与纠纷请按1，环境卫生请按2。",
      "Community safety and disputes, press 1. Environment and sanitation, press 2.");
  static final Prompt CATEGORY_GROUP_4 = add("category-group-4", "就业培训请按1，政策咨询请按2。",
      "Employment and training, press 1. Policy and information, press 2.");
  static final Prompt CATEGORY_GROUP_5 = add("category-group-5", "其他问题请按1。", "Anything else, press 1.");
  static final Prompt RECORD_PROBLEM = add("record-problem", "请在提示音后说出您遇到的问题和详细地址，说完请按井号键。",
      "After the beep, please describe the problem and give the address. Press hash when you are done.");
  static final Prompt RECORDING_FAILED = add("recording-failed", "对不起，刚才没能录音。",
      "Sorry, we could not record that.");
  static final Prompt NUMBER_ENDS_IN = add("number-ends-in", "您来电号码的尾号是", "The number you are calling from ends in");
  static final Prompt CALLBACK_CONFIRM = add("callback-confirm", "用这个号码联系您请按1，留其他号码请按2。",
      "To be contacted on this number, press 1. To give another number, press 2.");
  static final Prompt ENTER_CALLBACK = add("enter-callback", "请输入联系电话，以井号键结束。",
      "Please enter your phone number, then press hash.");
  static final Prompt NUMBER_INVALID = add("number-invalid", "这个号码无效，请重新输入。",
      "That is not a valid phone number. Please try again.");
  static final Prompt TICKET_REGISTERED = add("ticket-registered", "您的诉求已受理，工单号是",
      "Your request is registered. Your ticket number is");
  static final Prompt AGAIN = add("again", "再说一遍，工单号是", "Once again, your ticket number is");
  static final Prompt REPEAT_NUMBER = add("repeat-number", "重听工单号请按1。", "To hear the number again, press 1.");
  static final Prompt SAME_KIND_OPEN = add("same-kind-open", "您有一件同类工单正在办理，编号",
      "You have a request of this kind in progress, ticket number");
  static final Prompt SAME_PROBLEM = add("same-problem", "如果是同一个问题，请按1；如果是新问题，请按2。",
      "If this is the same problem, press 1. If it is a new problem, press 2.");
  static final Prompt ADDED_TO_TICKET = add("added-to-ticket", "您的来电已记入工单", "Your call has been added to ticket");
  static final Prompt GOODBYE = add("goodbye", "感谢您的来电，再见。", "Thank you for calling. Goodbye.");
  static final Prompt SAVED_FOR_LATER = add("saved-for-later", "您反映的问题已经记录下来，我们会尽快把工单号告诉您。",
      "Your message is safely recorded. We will let you know your ticket number shortly.");
  static final Prompt OFFER_AGENT = add("offer-agent", "如需人工服务请按0，否则请挂机。",
      "To speak to a person, press 0. Otherwise you may hang up.");
  static final Prompt ENTER_TICKET = add("enter-ticket", "请输入八位工单号，以井号键结束。",
      "Please enter the 8-digit ticket number, then press hash.");
  static final Prompt TICKET_INVALID = add("ticket-invalid", "工单号有误，请核对后重新输入。",
      "That ticket number is not right. Please check it and try again.");
  static final Prompt NO_SUCH_TICKET = add("no-such-ticket", "没有找到这个工单。", "We could not find that ticket.");
  static final Prompt CONFIDENTIAL = add("confidential", "这个工单不能在电话中播报，请按0咨询工作人员。",
      "This ticket cannot be read out on the phone. To speak to a person, press 0.");
  static final Prompt TICKET = add("ticket", "工单", "Ticket");
  static final Prompt STATE_RECEIVED = add("state-received", "已受理，正在分派。", "is registered and being assigned.");
  static final Prompt STATE_DISPATCHED = add("state-dispatched", "已派给承办单位。", "has been passed to the handling unit.");
  static final Prompt STATE_IN_PROGRESS = add("state-in-progress", "正在办理。", "is being worked on.");
  static final Prompt STATE_RESOLVED = add("state-resolved", "已办结，我们会回访听取您的意见。",
      "is resolved. We will call you to ask whether you are satisfied.");
  static final Prompt STATE_CLOSED = add("state-closed", "已结案。", "is closed.");
  static final Prompt STATE_MERGED = add("state-merged", "已与同一问题的另一件工单合并办理，请查询工单",
      "has been merged with another ticket about the same problem. For its progress, ask for ticket");
  static final Prompt HANDLED_BY = add("handled-by", "承办单位是", "It is handled by");
  static final Prompt UNIT_GENERIC = add("unit-generic", "辖区相关职能部门。", "the responsible department of the district.");
  static final Prompt DUE_BY = add("due-by", "办理时限是", "It is due by");
  static final Prompt PROGRESS_NEXT = add("progress-next", "听下一件请按1，查询其他工单请按2，人工服务请按0。",
      "For the next request, press 1. To enter another ticket number, press 2. To speak to a person, press 0.");
  static final Prompt PROGRESS_ANOTHER = add("progress-another", "查询其他工单请按2，人工服务请按0。",
      "To check another ticket, press 2. To speak to a person, press 0.");
  static final Prompt NO_MORE_TICKETS = add("no-more-tickets", "没有更多正在办理的诉求了。",
      "There are no more requests in progress.");
  static final Prompt TRANSFERRING = add("transferring", "正在为您转接工作人员，请稍候。",
      "Connecting you to a person. Please hold.");
  static final Prompt ELDERLY_WELCOME = add("elderly-welcome", "您好，这里是96715，马上为您转接工作人员，请稍候。",
      "Hello, this is 96715. We are connecting you to a person now. Please hold.");
  static final Prompt LEAVE_MESSAGE = add("leave-message",
      "现在没有工作人员可以接听。请在提示音后留言，说清问题和地址，说完请按井号键，我们会尽快办理。",
      "No one can take your call right now. After the beep, please leave a message with the problem and the"
          + " address, then press hash. We will deal with it as soon as we can.");
  static final Prompt ELDERLY_NO_AGENT = add("elderly-no-agent", "现在工作人员都在忙。留言请按1，查询办理进度请按2。",
      "All our staff are busy. To leave a message, press 1. To hear your progress, press 2.");
  static final Prompt SORRY_UNAVAILABLE = add("sorry-unavailable", "对不起，这项服务暂时不能使用。",
      "Sorry, this service is not available right now.");
  static final Prompt SURVEY_INTRO = add("survey-intro", "您好，这里是96715回访，关于您的工单",
      "Hello, this is the 96715 hotline calling back about your ticket");
  static final Prompt SURVEY_SOLVED = add("survey-solved", "您反映的问题解决了吗？解决了请按1，没有解决请按2。",
      "Was your problem solved? Yes, press 1. No, press 2.");
  static final Prompt SURVEY_SATISFACTION = add("survey-satisfaction",
      "您对办理结果满意吗？满意请按1，基本满意请按2，不满意请按3。",
      "How satisfied are you? Satisfied, press 1. Basically satisfied, press 2. Unsatisfied, press 3.");
  static final Prompt SURVEY_COMMENT_OFFER = add("survey-comment-offer", "如需留下意见请按1，结束请按2。",
      "To leave a comment, press 1. To finish, press 2.");
  static final Prompt SURVEY_COMMENT = add("survey-comment", "请在提示音后说出您的意见，说完请按井号键。",
      "After the beep, please give your comment, then press hash.");
  static final Prompt SURVEY_THANKS = add("survey-thanks", "感谢您的评价。", "Thank you for your answers.");
  static final Prompt SURVEY_NOT_DUE = add("survey-not-due", "对不起，这次回访无法进行，我们会再与您联系。",
      "Sorry, we cannot take this survey now; we will contact you again.");

  static {
    CATALOG.addAll(Spoken.words()); // numbers and dates, said from our own files (Spoken)
  }

  private static Prompt add(String key, String zh, String en) {
    Prompt prompt = new Prompt(key, zh, en);
    CATALOG.add(prompt);
    return prompt;
  }

  /** Every prompt the flows use, for scripts/prompts and scripts/call. */
  static List<Prompt> all() {
    return Collections.unmodifiableList(CATALOG);
  }

  /** The text in a language folder ("zh", "en"); null when that language does not use this word. */
  String text(String language) {
    return language.equals("en") ? en : zh;
  }

  /** The sound file name Asterisk looks up in the channel language's folder. */
  String file(boolean slowVoice) {
    return (slowVoice ? "zhaowo/slow/" : "zhaowo/") + key;
  }

  /** The prompt a sound file name stands for, or null (scripts/call prints the text). */
  static Prompt byFile(String file) {
    String key = file.replaceFirst("^zhaowo/", "").replaceFirst("^slow/", "");
    return byKey(key);
  }

  /** The catalog entry of a key ({@code main-menu}, {@code num/digit-1}), or null. */
  static Prompt byKey(String key) {
    return CATALOG.stream().filter(p -> p.key.equals(key)).findFirst().orElse(null);
  }

  /** The submenu of a category group (1–5). */
  static Prompt categoryGroup(int group) {
    return List.of(CATEGORY_GROUP_1, CATEGORY_GROUP_2, CATEGORY_GROUP_3, CATEGORY_GROUP_4, CATEGORY_GROUP_5)
        .get(group - 1);
  }

  /**
   * Prints what each language folder needs, one tab-separated line per file: language, file, text (e.g.
   * {@code zh<TAB>zhaowo/num/digit-1<TAB>幺}). scripts/prompts speaks each line in a normal and a slow voice.
   */
  public static void main(String[] args) {
    for (String language : LANGUAGES) {
      for (Prompt p : CATALOG) {
        if (p.text(language) != null) {
          System.out.println(language + "\t" + p.file(false) + "\t" + p.text(language));
        }
      }
    }
  }
}
