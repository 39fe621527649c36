"""Arabic news pages built in code, in five layouts modelled on the structures of real news
sites (none copied): a WordPress news theme, a modern site with JSON-LD, an old table-based
portal saved in windows-1256, a story page with a date in its address, and a Drupal site.
Each wraps the article in what such sites put around it: menus, a top bar with today's
date, share buttons, related and most-read lists, comments, a newsletter form and a footer.
"""

from dataclasses import dataclass
from datetime import date, timedelta

SENTENCES = [
    "أعلنت القيادة العامة أن وحداتها تقدمت نحو الأحياء الشرقية بعد اشتباكات استمرت ثلاثة أيام.",
    "وقال المتحدث الرسمي إن القوات سيطرت على عدد من المواقع الاستراتيجية قرب الطريق الساحلي.",
    "وأضاف أن العمليات ستتواصل حتى تأمين المدينة بالكامل وعودة النازحين إلى منازلهم.",
    "ودعا السكان إلى الابتعاد عن مناطق الاشتباك والالتزام بتعليمات الجهات الأمنية.",
    "من جهتها عبرت البعثة الأممية عن قلقها من تدهور الأوضاع الإنسانية في المنطقة.",
    "وطالبت جميع الأطراف بفتح ممرات آمنة لإيصال المساعدات الطبية والغذائية إلى المحتاجين.",
    "وفي طرابلس عقد المجلس الرئاسي اجتماعا طارئا لبحث التطورات الميدانية الأخيرة.",
    "وأكد البيان الصادر عن الاجتماع ضرورة توحيد المؤسسات العسكرية تحت قيادة واحدة.",
    "وتشهد البلاد منذ سنوات انقساما سياسيا حادا بين حكومتين متنافستين في الشرق والغرب.",
    "ويرى مراقبون أن الحل السياسي يبقى الخيار الوحيد لإنهاء الصراع المستمر.",
    "وأشار تقرير حديث إلى ارتفاع أسعار الوقود والسلع الأساسية في عدد من المدن الجنوبية.",
    "كما يعاني السكان من انقطاع الكهرباء لساعات طويلة في فصل الصيف.",
    "وقالت وزارة الصحة إن المستشفيات استقبلت عشرات الجرحى خلال الأسبوع الماضي.",
    "وناشدت الوزارة المنظمات الدولية تقديم الدعم العاجل للقطاع الصحي المتضرر.",
    "وفي سياق متصل أعلنت المؤسسة الوطنية للنفط استئناف الإنتاج في أحد الحقول الرئيسية.",
    "وتوقعت المؤسسة أن يرتفع الإنتاج خلال الأشهر المقبلة إذا استقرت الأوضاع الأمنية.",
    "وكانت موانئ النفط قد أغلقت لأشهر بسبب خلافات بين الأطراف المسيطرة عليها.",
    "وأعرب رجال أعمال عن أملهم في أن ينعكس الاستقرار على حركة التجارة والاستثمار.",
    "وتستضيف مدينة تونس الأسبوع المقبل جولة جديدة من الحوار السياسي برعاية الأمم المتحدة.",
    "ويشارك في الجولة ممثلون عن الأحزاب والبلديات ومنظمات المجتمع المدني.",
    "وأكد المبعوث الأممي أن المفاوضات تتطلب إرادة حقيقية من جميع المشاركين.",
    "ولم تصدر حتى الآن ردود رسمية من الحكومة المؤقتة على هذه التصريحات.",
    "وتبقى المخاوف قائمة من تجدد المواجهات في حال فشل المساعي الدبلوماسية.",
    "ويأمل الليبيون أن يحمل العام المقبل انفراجا يعيد الحياة الطبيعية إلى المدن.",
]
SUBJECTS = ["قوات الجيش", "المجلس الرئاسي", "حكومة الوفاق", "البعثة الأممية", "مجلس النواب"]
EVENTS = ["تعلن السيطرة على مواقع جديدة قرب", "تبحث الأوضاع الأمنية في", "تدعو إلى وقف القتال في", "ترسل مساعدات إنسانية إلى"]
PLACES = ["سرت", "بنغازي", "طرابلس", "مصراتة", "درنة", "سبها", "الزاوية", "غريان", "الكفرة", "أجدابيا"]
AUTHORS = ["محمد علي", "سالم الورفلي", "فاطمة الزوي", "أحمد الفيتوري"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]

MENU = "".join(f'<li><a href="/{n}">{name}</a></li>' for n, name in enumerate(["الرئيسية", "ليبيا", "العالم", "اقتصاد", "رياضة", "ثقافة", "آراء", "فيديو"]))
MOST_READ = "".join(
    f'<li><a href="/n/{n}">{title}</a></li>'
    for n, title in enumerate(["ارتفاع أسعار الذهب في الأسواق المحلية", "منتخب ليبيا يستعد لمباراة حاسمة", "افتتاح معرض الكتاب في بنغازي بمشاركة واسعة"])
)
COMMENTS = [
    "نتمنى أن يعم السلام في ربوع ليبيا وأن يعود الأمن والأمان لكل المدن.",
    "الأوضاع صعبة جدا والمواطن البسيط هو من يدفع الثمن في النهاية.",
    "شكرا على التغطية الجيدة ونرجو متابعة الموضوع بالتفصيل.",
]
FOOTER = "جميع الحقوق محفوظة © 2025 — آخر تحديث 2025-01-03 — من نحن — اتصل بنا — سياسة الخصوصية — أعلن معنا"
TODAY_BAR = "الثلاثاء 3 يناير 2025"


@dataclass(frozen=True)
class Story:
    title: str
    paragraphs: list[str]
    published_on: date
    author: str
    slug: str

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def story(number: int) -> Story:
    """The number-th of 20 distinct articles: 4 to 6 paragraphs of two sentences each."""
    count = 4 + number % 3
    start = (number * 5) % len(SENTENCES)
    sentences = [SENTENCES[(start + i) % len(SENTENCES)] for i in range(2 * count)]
    return Story(
        title=f"{SUBJECTS[number % 5]} {EVENTS[number // 5 % 4]} {PLACES[number % 10]}",
        paragraphs=[f"{sentences[2 * i]} {sentences[2 * i + 1]}" for i in range(count)],
        published_on=date(2016, 1, 4) + timedelta(days=37 * number),
        author=AUTHORS[number % 4],
        slug=f"story-{number}",
    )


def _paragraphs(story: Story) -> str:
    return "".join(f"<p>{p}</p>" for p in story.paragraphs)


def _comments() -> str:
    return "".join(
        f'<li class="comment"><div class="comment-author">قارئ {n}</div>'
        f'<div class="comment-metadata"><time datetime="2025-01-0{n + 1}">{n + 1} يناير 2025</time></div><p>{text}</p></li>'
        for n, text in enumerate(COMMENTS)
    )


def wordpress(story: Story) -> bytes:
    """A WordPress news theme: the date in <time class="published">, the byline beside it."""
    d = story.published_on
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{story.title} &#8211; صحيفة الأحرار</title>
<link rel="canonical" href="https://alahrar.example/{story.slug}/">
<meta property="og:site_name" content="صحيفة الأحرار"></head>
<body class="post-template-default single single-post">
<div class="top-bar"><span class="top-bar-date">{TODAY_BAR}</span> <a href="/login">دخول</a></div>
<header id="masthead" class="site-header"><div class="site-title"><a href="/">صحيفة الأحرار</a></div>
<nav id="site-navigation" class="main-navigation"><ul class="menu">{MENU}</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-{story.slug}" class="post type-post status-publish format-standard">
<header class="entry-header"><h1 class="entry-title">{story.title}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{d.isoformat()}T09:30:00+02:00">{d.day} {MONTHS[d.month - 1]} {d.year}</time></span>
<span class="byline"> بقلم <span class="author vcard"><a class="url fn n" href="/author/1">{story.author}</a></span></span></div></header>
<div class="entry-content">{_paragraphs(story)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">شارك هذا:</h3><ul><li><a href="#">فيسبوك</a></li><li><a href="#">تويتر</a></li><li><a href="#">واتساب</a></li></ul></div></div>
<footer class="entry-footer"><span class="tags-links">الوسوم: <a href="#">ليبيا</a>، <a href="#">سياسة</a></span></footer>
</article>
<nav class="navigation post-navigation"><a href="/prev" rel="prev">الخبر السابق: اجتماع لبحث ملف الكهرباء</a></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">3 تعليقات على “{story.title}”</h2>
<ol class="comment-list">{_comments()}</ol>
<div id="respond" class="comment-respond"><h3>اترك تعليقاً</h3><form><textarea name="comment"></textarea><input type="submit" value="إرسال التعليق"></form></div></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">الأكثر قراءة</h2><ul>{MOST_READ}</ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">{FOOTER}</div></footer></body></html>""".encode()


def json_ld(story: Story) -> bytes:
    """A modern news site: metadata in JSON-LD, the text in a "wysiwyg" block, related links after it."""
    d = story.published_on
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{story.title} | أخبار</title><meta property="og:title" content="{story.title}">
<meta property="og:site_name" content="شبكة الأنباء">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{story.title}",
"datePublished": "{d.isoformat()}T06:15:00Z", "dateModified": "2025-01-02T10:00:00Z",
"author": {{"@type": "Person", "name": "{story.author}"}}, "publisher": {{"@type": "Organization", "name": "شبكة الأنباء"}}}}</script></head>
<body><div class="site-header"><a class="logo" href="/">شبكة الأنباء</a><ul class="menu">{MENU}</ul>
<div class="breaking-news">عاجل: انطلاق أعمال مؤتمر الطاقة في القاهرة</div></div>
<main id="main-content-area"><div class="article-header"><div class="topics"><a href="/libya">ليبيا</a></div>
<h1>{story.title}</h1><div class="article-author">{story.author}</div></div>
<div class="wysiwyg wysiwyg--all-content">{_paragraphs(story)}</div>
<div class="article-tags"><a href="#">ليبيا</a> <a href="#">الأمم المتحدة</a></div>
<section class="more-on"><h2>المزيد من الأخبار</h2><ul>{MOST_READ}</ul></section>
<div class="newsletter"><h2>اشترك في النشرة البريدية</h2><p>احصل على أهم الأخبار في بريدك كل صباح.</p>
<form><input type="email" placeholder="البريد الإلكتروني"><button>اشترك</button></form></div></main>
<footer class="site-footer"><ul><li>من نحن</li><li>اتصل بنا</li></ul><p>{FOOTER}</p></footer></body></html>""".encode()


def table_portal(story: Story) -> bytes:
    """An old portal laid out in tables, saved in windows-1256: paragraphs split by <br>, the
    date written day first in a "date" cell, no metadata."""
    d = story.published_on
    text = "<br><br>".join(story.paragraphs)
    page = f"""<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>بوابة ليبيا الإخبارية - {story.title}</title></head><body bgcolor="#ffffff">
<table width="100%" border="0"><tr><td colspan="3" class="banner"><b>بوابة ليبيا الإخبارية</b> | {TODAY_BAR}</td></tr>
<tr><td width="150" valign="top" class="side"><a href="/">الرئيسية</a><br><a href="/news">أخبار محلية</a><br>
<a href="/arab">أخبار عربية</a><br><a href="/sport">الرياضة</a><br><a href="/archive">الأرشيف</a></td>
<td valign="top" class="main"><font size="4" color="#003366"><b>{story.title}</b></font><br>
<span class="date">الثلاثاء {d.day:02}/{d.month:02}/{d.year}</span><br><br>
<font size="3">{text}</font><br><br><a href="/print">نسخة للطباعة</a> | <a href="/send">أرسل لصديق</a></td>
<td width="160" valign="top" class="side"><b>استطلاع الرأي</b><br>هل تتوقع نجاح الحوار السياسي؟<br>نعم - لا - لا أدري<br><br>
<b>أخبار ذات صلة</b><br>{MOST_READ.replace("<li>", "").replace("</li>", "<br>")}</td></tr>
<tr><td colspan="3" align="center" class="footer">{FOOTER}</td></tr></table></body></html>"""
    return page.encode("cp1256")


def story_page(story: Story) -> bytes:
    """A story page: the date in article:published_time and in its address, a figure, a
    cookie banner, a newsletter box and a most-read widget."""
    d = story.published_on
    url = f"https://libyaobserver.example/news/{d:%Y/%m/%d}/{story.slug}"
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{story.title}</title><link rel="canonical" href="{url}">
<meta property="article:published_time" content="{d.isoformat()}T22:40:00+02:00"><meta name="author" content="{story.author}">
<meta property="og:site_name" content="المرصد الليبي"></head><body>
<div class="cookie-banner">نستخدم ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button></div>
<header><nav><ul>{MENU}</ul></nav><form class="search"><input name="q" placeholder="بحث"></form></header>
<div class="story"><div class="story-kicker">سياسة</div><h1 class="story-title">{story.title}</h1>
<div class="story-meta"><span class="story-author">{story.author}</span></div>
<figure><img src="/img/{story.slug}.jpg" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
<div class="story-body">{_paragraphs(story)}</div>
<ul class="story-tags"><li><a href="#">ليبيا</a></li><li><a href="#">سياسة</a></li></ul></div>
<div class="widget most-read"><h3>الأكثر قراءة</h3><ol>{MOST_READ}</ol></div>
<div class="newsletter-box"><h3>النشرة الإخبارية</h3><p>سجل بريدك ليصلك ملخص الأخبار يوميا.</p></div>
<footer class="footer"><p>{FOOTER}</p></footer></body></html>""".encode()


def drupal(story: Story) -> bytes:
    """A Drupal site: breadcrumbs, the date written with Levantine month names in a date
    field, the body in field items, a most-read block and comments."""
    d = story.published_on
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{story.title} | الموقع الإخباري</title></head><body class="node-type-article">
<div id="page"><div id="header"><div id="site-name"><a href="/">الموقع الإخباري</a></div>
<div id="main-menu"><ul class="menu">{MENU}</ul></div></div>
<div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="/news">أخبار</a></div>
<div id="content"><h1 class="page-title">{story.title}</h1>
<div class="node node-article"><div class="field field-name-field-date"><span class="date-display-single">{d.day} {LEVANTINE_MONTHS[d.month - 1]} {d.year}</span></div>
<div class="field field-name-body"><div class="field-items"><div class="field-item even">{_paragraphs(story)}</div></div></div>
<div class="field field-name-field-tags"><div class="field-label">الكلمات الدلالية:</div><a href="#">ليبيا</a></div>
<ul class="links inline"><li class="comment-add"><a href="#">أضف تعليقا</a></li></ul></div>
<div id="comments"><h2 class="title">التعليقات</h2><ul>{_comments()}</ul></div></div>
<div id="sidebar"><div class="block block-views"><h2>الأكثر قراءة</h2><ul>{MOST_READ}</ul></div></div>
<div id="footer">{FOOTER}</div></div></body></html>""".encode()


LAYOUTS = [wordpress, json_ld, table_portal, story_page, drupal]


def blogger(story: Story) -> bytes:
    """A blog post (not one of the five layouts; kept for its title): the blog's name is the
    page's <h1> and starts its <title>, the post's title is an <h3>, its date stands above it."""
    d = story.published_on
    body = "".join(f"<div>{p}</div><div><br /></div>" for p in story.paragraphs)
    return f"""<html dir="rtl"><head><meta charset="utf-8"><title>مدونة أخبار ليبيا: {story.title}</title></head><body>
<div class="header"><h1 class="title">مدونة أخبار ليبيا</h1><p class="description">كل ما يخص الشأن الليبي</p></div>
<div class="tabs"><ul>{MENU}</ul></div><div class="date-outer"><h2 class="date-header"><span>الثلاثاء، {d.day} {MONTHS[d.month - 1]} {d.year}</span></h2>
<div class="post-outer"><h3 class="post-title entry-title">{story.title}</h3><div class="post-body entry-content">{body}</div>
<div class="post-footer">أرسل بواسطة {story.author} <a href="#">ليست هناك تعليقات</a> <a href="#">إرسال بالبريد الإلكتروني</a></div></div></div>
<div class="sidebar"><h2>المشاركات الشائعة</h2><ul>{MOST_READ}</ul></div><div class="footer">{FOOTER}</div></body></html>""".encode()
