#!/usr/bin/env python3
"""Writes a deterministic synthetic Stepwise site for benchmarks ("ministry scale").

    scripts/generate-corpus.py --procedures 200 --regions 85 --out /tmp/corpus [--hugo /tmp/corpus-hugo]

The site is in Stepwise's own format (content/site.yaml, regions.yaml, flows/*.yaml, pages/*.md)
and passes `stepwise check --strict`: every page's steps follow its procedure, every «label» in a
step is declared on a screen of the step's system, every page links to the pages that provide what
its procedure requires, links only lead to pages built in the same regions, region addresses are
written as {{variables}}.

Shape of the flow graph:
  - register-gosuslugi (everywhere) gives a confirmed Gosuslugi account (state esia-account);
  - for every other system S, a page "vhod-<S>" gives access to S (state <S>-access), using the
    shared sign-in procedures sign-in-<S> → sign-in-gosuslugi;
  - families of 2–5 procedures on one system move a per-family state forward
    (none → submitted → checked → …); each stage links to the one before it, to vhod-<S> and to
    register-gosuslugi; some families also need the result of an earlier family on the same or an
    all-regions system.
Regional systems are used by a seeded subset of regions, so pages on them are built only there.

With --hugo DIR, the same page texts are also written as a Hugo site: one copy per region where
Stepwise builds the page, with region variables substituted, Stepwise-only step markers removed and
`page.md` links turned into `../page/`. Its single.html lists the page's copies in the other regions,
as Stepwise's page template does (that list is most of each page at 85 regions); --hugo-minimal
leaves it out. Build it with `hugo --quiet -s DIR -d OUT`.

Limits: procedures from 1 to about 330 (the topic lists run out after that); regions from 1 up,
the first 85 real, further ones synthetic (RU-XAA…, «Условная область № N»). Every page is 2–6 KB.

Python 3 standard library only; the same arguments always give byte-identical files.
"""

import argparse
import os
import random
import re
import shutil
import sys

MARKER = ".stepwise-corpus"  # marks folders this script wrote, so it may replace them
MAX_PAGE_BYTES = 6000
MIN_PAGE_BYTES = 2200

# ---------------------------------------------------------------------------------------------
# Regions: the 85 subjects (83 ISO 3166-2:RU codes, plus RU-CR and RU-SEV as used in Russia).

REAL_REGIONS = [
    ("RU-MOS", "Московская область"), ("RU-KLU", "Калужская область"),
    ("RU-TA", "Республика Татарстан"), ("RU-DA", "Республика Дагестан"),
    ("RU-TYU", "Тюменская область"), ("RU-TOM", "Томская область"),
    ("RU-MOW", "Москва"), ("RU-SPE", "Санкт-Петербург"), ("RU-KDA", "Краснодарский край"),
    ("RU-NVS", "Новосибирская область"), ("RU-AD", "Республика Адыгея"),
    ("RU-AL", "Республика Алтай"), ("RU-BA", "Республика Башкортостан"),
    ("RU-BU", "Республика Бурятия"), ("RU-IN", "Республика Ингушетия"),
    ("RU-KB", "Кабардино-Балкарская Республика"), ("RU-KL", "Республика Калмыкия"),
    ("RU-KC", "Карачаево-Черкесская Республика"), ("RU-KR", "Республика Карелия"),
    ("RU-KO", "Республика Коми"), ("RU-CR", "Республика Крым"), ("RU-ME", "Республика Марий Эл"),
    ("RU-MO", "Республика Мордовия"), ("RU-SA", "Республика Саха (Якутия)"),
    ("RU-SE", "Республика Северная Осетия — Алания"), ("RU-TY", "Республика Тыва"),
    ("RU-UD", "Удмуртская Республика"), ("RU-KK", "Республика Хакасия"),
    ("RU-CE", "Чеченская Республика"), ("RU-CU", "Чувашская Республика"),
    ("RU-ALT", "Алтайский край"), ("RU-ZAB", "Забайкальский край"),
    ("RU-KAM", "Камчатский край"), ("RU-KYA", "Красноярский край"), ("RU-PER", "Пермский край"),
    ("RU-PRI", "Приморский край"), ("RU-STA", "Ставропольский край"),
    ("RU-KHA", "Хабаровский край"), ("RU-AMU", "Амурская область"),
    ("RU-ARK", "Архангельская область"), ("RU-AST", "Астраханская область"),
    ("RU-BEL", "Белгородская область"), ("RU-BRY", "Брянская область"),
    ("RU-VLA", "Владимирская область"), ("RU-VGG", "Волгоградская область"),
    ("RU-VLG", "Вологодская область"), ("RU-VOR", "Воронежская область"),
    ("RU-IVA", "Ивановская область"), ("RU-IRK", "Иркутская область"),
    ("RU-KGD", "Калининградская область"), ("RU-KEM", "Кемеровская область"),
    ("RU-KIR", "Кировская область"), ("RU-KOS", "Костромская область"),
    ("RU-KGN", "Курганская область"), ("RU-KRS", "Курская область"),
    ("RU-LEN", "Ленинградская область"), ("RU-LIP", "Липецкая область"),
    ("RU-MAG", "Магаданская область"), ("RU-MUR", "Мурманская область"),
    ("RU-NIZ", "Нижегородская область"), ("RU-NGR", "Новгородская область"),
    ("RU-OMS", "Омская область"), ("RU-ORE", "Оренбургская область"),
    ("RU-ORL", "Орловская область"), ("RU-PNZ", "Пензенская область"),
    ("RU-PSK", "Псковская область"), ("RU-ROS", "Ростовская область"),
    ("RU-RYA", "Рязанская область"), ("RU-SAM", "Самарская область"),
    ("RU-SAR", "Саратовская область"), ("RU-SAK", "Сахалинская область"),
    ("RU-SVE", "Свердловская область"), ("RU-SMO", "Смоленская область"),
    ("RU-TAM", "Тамбовская область"), ("RU-TVE", "Тверская область"),
    ("RU-TUL", "Тульская область"), ("RU-ULY", "Ульяновская область"),
    ("RU-CHE", "Челябинская область"), ("RU-YAR", "Ярославская область"),
    ("RU-SEV", "Севастополь"), ("RU-YEV", "Еврейская автономная область"),
    ("RU-NEN", "Ненецкий автономный округ"),
    ("RU-KHM", "Ханты-Мансийский автономный округ — Югра"),
    ("RU-CHU", "Чукотский автономный округ"), ("RU-YAN", "Ямало-Ненецкий автономный округ"),
]

GENITIVE_OVERRIDES = {
    "Москва": "города Москвы",
    "Санкт-Петербург": "Санкт-Петербурга",
    "Севастополь": "города Севастополя",
    "Ханты-Мансийский автономный округ — Югра": "Ханты-Мансийского автономного округа — Югры",
}

MINISTRY_OVERRIDES = {
    "RU-MOW": "Департамент образования и науки города Москвы",
    "RU-SPE": "Комитет по образованию Санкт-Петербурга",
}

TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def slugify(text, max_words=None):
    out = []
    for ch in text.lower():
        if ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        elif "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
        else:
            out.append("-")
    words = [w for w in "".join(out).split("-") if w]
    if max_words:
        words = words[:max_words]
    return "-".join(words)


def genitive(name):
    if name in GENITIVE_OVERRIDES:
        return GENITIVE_OVERRIDES[name]
    words = name.split(" ")
    if words[0] == "Республика":
        return "Республики " + " ".join(words[1:])
    if len(words) == 2 and words[1] == "Республика":
        return words[0][:-2] + "ой Республики"
    if name.endswith("автономный округ"):
        return words[0][:-2] + "ого автономного округа"
    if name.endswith("автономная область"):
        return words[0][:-2] + "ой автономной области"
    if len(words) == 2 and words[1] == "область":
        return words[0][:-2] + "ой области"
    if len(words) == 2 and words[1] == "край":
        return words[0][:-2] + "ого края"
    if words[0] == "Условная":  # synthetic regions
        return "Условной области " + " ".join(words[2:])
    raise ValueError("no genitive for " + name)


def make_regions(count, seed):
    regions = list(REAL_REGIONS[:count])
    if count > len(regions):
        used = {code for code, _ in REAL_REGIONS}
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        synthetic = ("RU-X" + a + b for a in letters for b in letters)
        number = 0
        for code in synthetic:
            if len(regions) >= count:
                break
            if code in used:
                continue
            number += 1
            regions.append((code, "Условная область № %d" % number))
        if len(regions) < count:
            raise SystemExit("at most %d regions can be generated" % len(regions))
    result = []
    slugs = set()
    for index, (code, name) in enumerate(regions):
        rng = random.Random("%s-region-%s" % (seed, code))
        slug = slugify(name)
        if name.startswith("Условная"):
            slug = "uslovnaya-oblast-%d" % index
        assert slug not in slugs, slug
        slugs.add(slug)
        gen = genitive(name)
        systems = [s for s, share in REGIONAL_SHARE if rng.random() < share]
        forced = REGIONAL_SHARE[index % len(REGIONAL_SHARE)][0]
        if forced not in systems:
            systems.append(forced)
        systems = [s for s, _ in REGIONAL_SHARE if s in systems]
        area = rng.randint(301, 879)
        phone = "8 (%03d) %03d-%02d-%02d" % (area, rng.randint(200, 999), rng.randint(0, 99), rng.randint(0, 99))
        hotline = "8 800 %03d-%02d-%02d" % (rng.randint(100, 999), rng.randint(0, 99), rng.randint(0, 99))
        start = rng.choice([8, 9])
        result.append({
            "code": code, "name": name, "slug": slug, "gen": gen, "systems": systems,
            "variables": [
                ("ministry-name", MINISTRY_OVERRIDES.get(code, "Министерство образования " + gen)),
                ("ministry-phone", phone),
                ("hotline-phone", hotline),
                ("ministry-email", "minobr@%s.ru" % slug),
                ("support-hours", "понедельник — пятница, с %d:00 до %d:00" % (start, start + 9)),
                ("portal-url", "https://uslugi.%s.ru" % slug),
                ("myschool-url", "https://myschool.%s.ru" % slug),
                ("navigator-url", "https://navigator.%s.ru/" % slug),
                ("sgo-url", "https://sgo.%s.ru" % slug),
                ("journal-url", "https://journal.%s.ru/login" % slug),
            ],
        })
    return result


VARIABLES = [
    ("ministry-name", "text", "Название органа управления образованием"),
    ("ministry-phone", "phone", "Телефон министерства образования"),
    ("hotline-phone", "phone", "Телефон горячей линии по электронным услугам"),
    ("ministry-email", "email", "Электронная почта министерства образования"),
    ("support-hours", "text", "Часы работы службы поддержки"),
    ("portal-url", "url", "Адрес регионального портала образовательных услуг"),
    ("myschool-url", "url", "Адрес страницы единой авторизации «Моя школа»"),
    ("navigator-url", "url", "Адрес навигатора дополнительного образования"),
    ("sgo-url", "url", "Адрес АИС «Сетевой Город. Образование»"),
    ("journal-url", "url", "Адрес электронного журнала и дневника"),
]

# ---------------------------------------------------------------------------------------------
# Systems: screens with labels by kind (button, section, field, option).

def screen(sid, title, button=(), section=(), field=(), option=()):
    return {"id": sid, "title": title, "button": list(button), "section": list(section),
            "field": list(field), "option": list(option)}


SYSTEMS = [
    {
        "id": "gosuslugi", "name": "Госуслуги", "scope": "all-regions", "short": "gosuslugi",
        "other": ["ЕСИА", "Портал Госуслуг", "Единый портал государственных и муниципальных услуг"],
        "actor": "parent", "kind": "application", "loc": "на Госуслугах",
        "final": ["Отправить заявление", "Подать заявление", "Подтвердить", "Отправить"],
        "screens": [
            screen("registration", "Регистрация", button=["Зарегистрироваться"],
                   field=["Фамилия", "Имя", "Мобильный телефон", "Электронная почта"]),
            screen("registration-password", "Создание пароля", button=["Готово", "Подтвердить почту"],
                   field=["Пароль"]),
            screen("login", "Вход", button=["Войти", "Восстановить"],
                   field=["Телефон / Email / СНИЛС", "Пароль"], option=["Чужой компьютер"]),
            screen("login-as", "Войти как", option=["Частное лицо"]),
            screen("access-rights", "Предоставление прав доступа", button=["Предоставить", "Отказать"]),
            screen("personal-data", "Персональная информация",
                   button=["Показать все данные", "Редактировать", "Заполнить профиль", "Сохранить"],
                   field=["СНИЛС", "Серия и номер", "Дата выдачи", "Кем выдан", "Код подразделения"]),
            screen("catalog", "Каталог услуг",
                   section=["Услуги", "Образование", "Запись в школу", "Запись в кружки и секции", "Заявления"],
                   button=["Начать", "Перейти к заявлению"]),
            screen("application", "Заявление",
                   field=["Сведения о заявителе", "Сведения о ребёнке", "Адрес регистрации",
                          "Образовательная организация", "Желаемая дата зачисления"],
                   button=["Далее", "Вернуться", "Отправить заявление", "Подать заявление",
                           "Сохранить черновик", "Подтвердить", "Отправить"],
                   option=["Я законный представитель ребёнка", "Мать", "Отец", "Опекун",
                           "Получить результат в личном кабинете", "Получить результат лично"]),
            screen("applications", "Мои заявления", section=["Мои заявления", "Черновики", "Архив"],
                   button=["Подробнее", "Отозвать заявление", "Загрузить файл"],
                   field=["Статус заявления", "Комментарий"]),
            screen("notifications", "Уведомления", section=["Уведомления", "Непрочитанные", "Все"]),
            screen("documents", "Документы и данные", section=["Документы и данные", "Семья и дети", "Дети"],
                   button=["Добавить"]),
        ],
    },
    {
        "id": "ejournal", "name": "Электронный журнал и дневник", "scope": "all-regions", "short": "zhurnal",
        "other": ["Электронный дневник"], "actor": "pupil", "kind": "activity", "url": "journal-url",
        "loc": "в электронном журнале", "login_button": "Войти через ЕСИА",
        "final": ["Сохранить", "Отправить", "Сформировать отчёт"],
        "screens": [
            screen("login", "Страница авторизации", button=["Войти", "Войти через ЕСИА", "Забыли пароль?"],
                   field=["Логин", "Пароль"]),
            screen("diary", "Дневник",
                   section=["Дневник", "Расписание", "Домашние задания", "Оценки", "Итоговые отметки"],
                   option=["Текущая неделя", "Следующая неделя", "Весь период"]),
            screen("messages", "Сообщения", section=["Сообщения", "Входящие", "Отправленные"],
                   button=["Написать сообщение", "Отправить"], field=["Получатель", "Тема", "Текст сообщения"]),
            screen("settings", "Настройки", section=["Настройки профиля", "Уведомления"],
                   option=["Получать уведомления на почту", "Получать уведомления в приложении"],
                   button=["Сохранить"]),
            screen("reports", "Отчёты", section=["Отчёты", "Успеваемость", "Посещаемость"],
                   button=["Сформировать отчёт", "Скачать"], field=["Период"]),
        ],
    },
    {
        "id": "moya-shkola", "name": "Моя школа", "scope": "regional", "short": "moya-shkola",
        "other": ["ФГИС «Моя школа»"], "actor": "teacher", "kind": "activity", "url": "myschool-url",
        "loc": "в «Моей школе»", "login_button": "Войти через Госуслуги",
        "final": ["Сохранить изменения", "Записаться", "Добавить в избранное"],
        "screens": [
            screen("login", "Страница единой авторизации", button=["Войти", "Войти через Госуслуги"],
                   option=["По логину и паролю"]),
            screen("services", "Сервисы",
                   section=["Сервисы", "Библиотека", "Расписание", "Организация обучения", "Образовательный учёт"],
                   button=["Открыть сервис"]),
            screen("library", "Библиотека", section=["Избранное", "Мои материалы"],
                   field=["Поиск по библиотеке"], button=["Найти", "Добавить в избранное"],
                   option=["Класс", "Предмет", "Тип материала"]),
            screen("profile", "Профиль", section=["Профиль", "Мои данные", "Безопасность"],
                   button=["Сохранить изменения", "Привязать учётную запись"]),
            screen("events", "Мероприятия", section=["Мероприятия", "Олимпиады", "Конкурсы"],
                   button=["Записаться", "Отменить запись"]),
        ],
    },
    {
        "id": "ais-sgo", "name": "Сетевой Город. Образование", "scope": "regional", "short": "sgo",
        "other": ["АИС СГО"], "actor": "teacher", "kind": "activity", "url": "sgo-url",
        "loc": "в АИС СГО", "login_button": "Войти через Госуслуги",
        "final": ["Сохранить", "Опубликовать", "Сформировать"],
        "screens": [
            screen("login", "Вход в систему", button=["Войти", "Войти через Госуслуги"],
                   field=["Организация", "Логин", "Пароль"],
                   option=["Педагоги и сотрудники", "Родители и обучающиеся"]),
            screen("link-account", "Привязка учётной записи", button=["Привязать учётную запись", "Подтвердить"]),
            screen("journal", "Классный журнал", section=["Классный журнал", "Расписание", "Планирование"],
                   field=["Класс", "Предмет", "Дата урока"], button=["Поставить отметку", "Сохранить"]),
            screen("reports", "Отчёты",
                   section=["Отчёты", "Отчёт об успеваемости", "Отчёт о посещаемости"],
                   button=["Сформировать", "Печать"], option=["За четверть", "За год"]),
            screen("announcements", "Объявления", section=["Объявления", "Доска объявлений"],
                   button=["Новое объявление", "Опубликовать"], field=["Заголовок", "Текст объявления"]),
        ],
    },
    {
        "id": "dnevnik-ru", "name": "Дневник.ру", "scope": "regional", "short": "dnevnik",
        "other": ["АИС Дневник.ру"], "actor": "parent", "kind": "activity",
        "loc": "в Дневник.ру", "login_button": "Войти через Госуслуги",
        "final": ["Сохранить", "Отправить", "Вступить в группу"],
        "screens": [
            screen("login", "Вход", button=["Войти", "Войти через Госуслуги"], field=["Логин", "Пароль"]),
            screen("main", "Главная",
                   section=["Главная", "Дневник", "Оценки", "Расписание", "Домашние задания"],
                   option=["Текущая неделя", "Четверть"]),
            screen("groups", "Группы", section=["Группы", "Мои группы"],
                   button=["Вступить в группу", "Создать группу"]),
            screen("messages", "Сообщения", section=["Сообщения"], button=["Написать", "Отправить"],
                   field=["Кому", "Текст сообщения"]),
            screen("settings", "Настройки", section=["Настройки", "Привязка учётных записей"],
                   button=["Привязать Госуслуги", "Сохранить"]),
        ],
    },
    {
        "id": "navigator-do", "name": "Навигатор дополнительного образования", "scope": "regional",
        "short": "navigator", "other": ["Навигатор"], "actor": "parent", "kind": "application",
        "url": "navigator-url", "loc": "в Навигаторе", "login_button": "Войти через Госуслуги",
        "final": ["Подтвердить запись", "Записаться", "Получить сертификат"],
        "screens": [
            screen("login", "Вход", button=["Войти", "Войти через Госуслуги"]),
            screen("catalog", "Каталог программ",
                   section=["Каталог программ", "Техническое творчество", "Художественное творчество",
                            "Спорт", "Естественные науки"],
                   field=["Поиск по каталогу", "Возраст ребёнка", "Муниципалитет"],
                   button=["Подробнее", "Записаться"], option=["Бесплатные программы", "Сертификат"]),
            screen("enrol", "Запись на программу", field=["Ребёнок", "Группа", "Дата начала занятий"],
                   button=["Продолжить", "Подтвердить запись"], option=["Добавить ребёнка"]),
            screen("certificate", "Сертификат дополнительного образования", section=["Сертификат"],
                   button=["Получить сертификат", "Активировать сертификат"], field=["Номер сертификата"],
                   option=["Сертификат учёта", "Сертификат персонифицированного финансирования"]),
            screen("cabinet", "Личный кабинет", section=["Личный кабинет", "Мои заявки", "Мои дети"],
                   button=["Отменить заявку", "Открыть заявку"]),
        ],
    },
    {
        "id": "edu-portal", "name": "Портал образовательных услуг", "scope": "regional", "short": "portal",
        "other": ["Региональный портал образовательных услуг"], "actor": "parent", "kind": "application",
        "url": "portal-url", "loc": "на портале образовательных услуг", "login_button": "Войти через Госуслуги",
        "final": ["Отправить", "Проверить статус", "Скачать справку"],
        "screens": [
            screen("login", "Вход", button=["Войти", "Войти через Госуслуги"]),
            screen("services", "Услуги",
                   section=["Услуги", "Зачисление в школу", "Запись в детский сад", "Отдых и оздоровление", "Справки"],
                   button=["Получить услугу", "Подать заявление"]),
            screen("form", "Форма заявления",
                   field=["Данные заявителя", "Данные ребёнка", "Адрес проживания", "Желаемая организация",
                          "Контактный телефон"],
                   button=["Далее", "Назад", "Отправить"],
                   option=["Согласен на обработку персональных данных", "Льготная категория",
                           "Уведомлять по электронной почте", "Уведомлять по СМС"]),
            screen("status", "Мои заявления", section=["Мои заявления", "История изменений"],
                   field=["Номер заявления", "Статус"], button=["Проверить статус", "Отозвать"]),
            screen("documents", "Документы", section=["Документы"],
                   button=["Прикрепить документ", "Скачать справку"], field=["Тип документа"]),
        ],
    },
]
SYSTEM_BY_ID = {s["id"]: s for s in SYSTEMS}
REGIONAL_SHARE = [("moya-shkola", 0.8), ("navigator-do", 0.65), ("edu-portal", 0.55),
                  ("ais-sgo", 0.35), ("dnevnik-ru", 0.3)]

# Family topics. Application topics: (slug, short, «о …», «для …»).
APPLICATION_TOPICS = [
    ("pervyj-klass", "зачисление в первый класс", "о зачислении в первый класс", "для зачисления в первый класс"),
    ("detskij-sad", "запись в детский сад", "о постановке на учёт в детский сад", "для зачисления в детский сад"),
    ("perevod", "перевод в другую школу", "о переводе в другую школу", "для перевода в другую школу"),
    ("pitanie", "льготное питание", "о предоставлении льготного питания", "для получения льготного питания"),
    ("lager", "путёвка в летний лагерь", "о предоставлении путёвки в летний лагерь", "для получения путёвки в лагерь"),
    ("gia", "регистрация на ГИА", "о регистрации на государственную итоговую аттестацию", "для участия в ГИА"),
    ("spravka", "справка об обучении", "о выдаче справки об обучении", "для получения справки об обучении"),
    ("semejnoe", "семейное обучение", "о переходе на семейное обучение", "для перехода на семейное обучение"),
    ("olimpiada", "участие в олимпиаде", "об участии в олимпиаде", "для участия в олимпиаде"),
    ("kruzhki", "запись в кружки и секции", "о записи в кружок или секцию", "для записи в кружок или секцию"),
    ("avtobus", "место в школьном автобусе", "о предоставлении места в школьном автобусе", "для подвоза к школе"),
    ("kompensaciya", "компенсация родительской платы", "о компенсации родительской платы", "для получения компенсации родительской платы"),
    ("profil", "зачисление в профильный класс", "о зачислении в профильный класс", "для зачисления в профильный класс"),
    ("desyatyj", "зачисление в 10 класс", "о зачислении в 10 класс", "для зачисления в 10 класс"),
    ("attestat", "дубликат аттестата", "о выдаче дубликата аттестата", "для получения дубликата аттестата"),
    ("prodlenka", "группа продлённого дня", "о зачислении в группу продлённого дня", "для зачисления в группу продлённого дня"),
    ("adaptirovannaya", "обучение по адаптированной программе", "об обучении по адаптированной программе", "для обучения по адаптированной программе"),
    ("psiholog", "консультация психолога", "о записи на консультацию психолога", "для записи на консультацию психолога"),
    ("sport", "зачисление в спортивную школу", "о зачислении в спортивную школу", "для зачисления в спортивную школу"),
    ("muzyka", "зачисление в музыкальную школу", "о зачислении в музыкальную школу", "для зачисления в музыкальную школу"),
    ("forma", "компенсация за школьную форму", "о компенсации расходов на школьную форму", "для получения компенсации за школьную форму"),
    ("uchebniki", "выдача учебников", "о выдаче учебников", "для получения учебников"),
    ("internat", "место в интернате", "о предоставлении места в интернате", "для получения места в интернате"),
    ("arhiv", "архивная справка", "о выдаче архивной справки", "для получения архивной справки"),
    ("domashnee", "обучение на дому", "об организации обучения на дому", "для организации обучения на дому"),
]
NAVIGATOR_TOPICS = [
    ("robototehnika", "кружок робототехники", "о записи в кружок робототехники", "для записи в кружок робототехники"),
    ("izostudiya", "художественная студия", "о записи в художественную студию", "для записи в художественную студию"),
    ("sekciya", "спортивная секция", "о записи в спортивную секцию", "для записи в спортивную секцию"),
    ("shahmaty", "шахматный клуб", "о записи в шахматный клуб", "для записи в шахматный клуб"),
    ("smena", "летняя профильная смена", "о записи на летнюю профильную смену", "для участия в летней смене"),
    ("teatr", "театральная студия", "о записи в театральную студию", "для записи в театральную студию"),
    ("programmirovanie", "курс программирования", "о записи на курс программирования", "для записи на курс программирования"),
    ("turizm", "туристический клуб", "о записи в туристический клуб", "для записи в туристический клуб"),
    ("horeografiya", "хореографическая студия", "о записи в хореографическую студию", "для записи в хореографическую студию"),
    ("ekologiya", "экологический кружок", "о записи в экологический кружок", "для записи в экологический кружок"),
]

# Stages of a family: (slug prefix, title template, value, value title).
APPLICATION_STAGES = [
    ("podacha", "Подача заявления {about}", "submitted", "заявление подано"),
    ("status", "Проверка статуса заявления {about}", "checked", "статус проверен"),
    ("dokumenty", "Представление документов {for_}", "documents", "документы представлены"),
    ("reshenie", "Получение решения по заявлению {about}", "decided", "решение получено"),
    ("izmenenie", "Изменение или отзыв заявления {about}", "changed", "заявление изменено"),
]
ACTIVITY_STAGES = [
    ("nastrojka", "Настройка раздела «{topic}» ({sysname})", "configured", "раздел настроен"),
    ("rabota", "Работа с разделом «{topic}» ({sysname})", "used", "раздел используется"),
    ("otchet", "Отчёт по разделу «{topic}» ({sysname})", "reported", "отчёт получен"),
    ("obmen", "Передача сведений из раздела «{topic}» ({sysname})", "shared", "сведения переданы"),
]

# ---------------------------------------------------------------------------------------------
# Phrases.

STEP_PHRASES = {
    "section": ("Откройте раздел «{L}»", [
        "Откройте раздел «{L}».",
        "В меню слева выберите раздел «{L}».",
        "Перейдите в раздел «{L}»: там собраны все нужные сведения.",
        "Найдите в меню раздел «{L}» и откройте его.",
    ]),
    "button": ("Нажмите «{L}»", [
        "Нажмите «{L}».",
        "Проверьте данные на экране и нажмите «{L}».",
        "Когда всё будет заполнено, нажмите «{L}».",
        "Нажмите кнопку «{L}» внизу страницы.",
    ]),
    "field": ("Заполните поле «{L}»", [
        "Заполните поле «{L}».",
        "Укажите сведения в поле «{L}» так, как они записаны в документе.",
        "В поле «{L}» введите нужные данные; обязательные поля отмечены звёздочкой.",
        "Заполните поле «{L}» — без него форму не получится отправить.",
    ]),
    "option": ("Выберите «{L}»", [
        "Выберите «{L}».",
        "Отметьте вариант «{L}».",
        "В списке вариантов выберите «{L}».",
        "Поставьте отметку «{L}», если этот вариант вам подходит.",
    ]),
}
PAIR_PHRASES = [
    "Заполните поле «{F}» и нажмите «{B}».",
    "Укажите данные в поле «{F}», затем нажмите «{B}».",
]
STEP_EXTRAS = [
    "Если раздел не отображается, обновите страницу или войдите заново.",
    "Данные сохраняются автоматически, поэтому заполнение можно продолжить позже.",
    "Проверьте, что фамилия, имя и отчество совпадают с данными в документах.",
    "Система проверит сведения в течение нескольких минут.",
    "На экране появится сообщение о результате; запишите номер заявления.",
    "Если вы заполняете форму за ребёнка, укажите его данные, а не свои.",
    "Файлы принимаются в форматах PDF, JPG и PNG размером до 5 МБ.",
    "Ответ придёт в раздел уведомлений и на электронную почту.",
    "Не закрывайте вкладку браузера, пока идёт проверка.",
    "Если сведения указаны с ошибкой, их можно исправить до отправки.",
    "Обычно этот шаг занимает не больше пяти минут.",
    "Сведения передаются по защищённому соединению.",
    "На мобильном телефоне этот раздел открывается через меню в правом верхнем углу.",
    "Если кнопка неактивна, проверьте, все ли обязательные поля заполнены.",
    "При первом входе система может попросить подтвердить адрес электронной почты.",
    "Сохраните скриншот экрана — он пригодится при обращении в поддержку.",
    "Список обновляется раз в сутки, поэтому новые сведения появляются на следующий день.",
    "Если нужного варианта нет, обратитесь в свою образовательную организацию.",
]
FIELD_NOTES = [
    "укажите данные из документа", "введите значение без лишних пробелов",
    "выберите значение из списка", "проверьте, что данные указаны верно",
    "заполните полностью, без сокращений",
]
CALLOUTS = [
    ("NOTE", None, "Все сведения, которые вы указываете, используются только для оказания услуги."),
    ("NOTE", "Обратите внимание", "Сроки рассмотрения считаются в рабочих днях; выходные и праздники не учитываются."),
    ("TIP", None, "Удобнее заполнять форму на компьютере: так проще прикреплять файлы и проверять данные."),
    ("IMPORTANT", None, "Указывайте только достоверные сведения: за ошибки в документах заявление могут вернуть."),
    ("WARNING", "ВАЖНО!", "Не передавайте никому пароль и коды из СМС — сотрудники школы и министерства их не спрашивают."),
    ("TIP", "Совет", "Добавьте страницу в закладки браузера, чтобы быстро вернуться к ней."),
    ("NOTE", None, "Если у вас несколько детей, повторите инструкцию для каждого ребёнка."),
]
FAQ = [
    ("Сколько времени занимает рассмотрение?",
     "Обычно от одного до десяти рабочих дней. Точный срок зависит от услуги и указан в уведомлении о приёме."),
    ("Можно ли выполнить инструкцию с телефона?",
     "Да, все шаги доступны в мобильной версии сайта и в приложении. Прикреплять файлы удобнее с компьютера."),
    ("Что делать, если данные не совпадают?",
     "Сначала исправьте данные в профиле, затем повторите шаги. Если это не помогает, обратитесь в поддержку."),
    ("Нужно ли приходить в школу лично?",
     "Как правило, нет. Если понадобятся оригиналы документов, вас пригласят в уведомлении и укажут время."),
    ("Где посмотреть историю обращений?",
     "В личном кабинете есть список всех обращений с датами и статусами; старые обращения хранятся в архиве."),
]
TROUBLE = [
    "Если страница не открывается, проверьте подключение к интернету и попробуйте другой браузер.",
    "Если система сообщает об ошибке, повторите попытку через несколько минут.",
    "Если пароль не подходит, воспользуйтесь восстановлением пароля на странице входа.",
    "Если данные ребёнка не отображаются, убедитесь, что он добавлен в ваш профиль.",
]
DOCS = [
    ("Паспорт заявителя", "у вас на руках"),
    ("СНИЛС заявителя", "в профиле на Госуслугах"),
    ("Свидетельство о рождении ребёнка", "в разделе документов профиля"),
    ("СНИЛС ребёнка", "в профиле ребёнка"),
    ("Документ о регистрации по месту жительства", "в паспортном столе или МФЦ"),
    ("Справка из образовательной организации", "в канцелярии школы"),
    ("Документ, подтверждающий льготу", "в органе соцзащиты"),
]

REVIEW_DATES = ["2031-03-31", "2031-06-30", "2031-09-30", "2031-12-31", "2032-06-30"]

# ---------------------------------------------------------------------------------------------
# YAML and Markdown writing helpers.

PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")


def yq(value, flow=False):
    """A YAML scalar: plain when safe, else double-quoted."""
    text = str(value)
    needs = (not text or text[0] in PLAIN_BAD_START or text[0] == " " or text[-1] == " "
             or ": " in text or " #" in text or text.endswith(":") or "\n" in text or '"' in text)
    if flow and any(c in text for c in ",[]{}"):
        needs = True
    if not needs:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yflow(values):
    return "[" + ", ".join(yq(v, flow=True) for v in values) + "]"


BREAK_UNSAFE = re.compile(r"^([-+*>#|=]|\d+[.)]|\{)")


def wrap(text, indent="", first="", width=100):
    """Wraps one paragraph; never starts a line with something Markdown would read as a block."""
    words = text.split(" ")
    lines = []
    line = first
    count = 0
    for word in words:
        candidate = word if count == 0 else line + " " + word
        if count > 0 and len(candidate) > width and not BREAK_UNSAFE.match(word):
            lines.append(line)
            line = indent + word
        else:
            line = candidate if count > 0 else first + word
        count += 1
    lines.append(line)
    return "\n".join(lines)


MIXED = re.compile(r"[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z]")


def check_no_mixing(text, where):
    match = MIXED.search(text)
    if match:
        start = max(0, match.start() - 20)
        raise SystemExit("Latin/Cyrillic mixed in one word in %s: …%s…" % (where, text[start:match.end() + 20]))


# ---------------------------------------------------------------------------------------------
# The model.

class Step:
    def __init__(self, sid, title, actor, system, text, requires=None, effects=None):
        self.id = sid
        self.title = title
        self.actor = actor
        self.system = system
        self.text = text          # the base sentence on the page
        self.extras = []          # further sentences (enrichment)
        self.sub = []             # sub-items (enrichment)
        self.requires = requires or []  # [(state, [values])]
        self.effects = effects or []    # [(state, value)]


class Procedure:
    def __init__(self, pid, title, summary, system, kind):
        self.id = pid
        self.title = title
        self.summary = summary
        self.system = system      # main system id
        self.kind = kind          # register / access / application / activity
        self.requires = []        # [(state, [values])]
        self.elements = []        # ("step", Step) / ("optional", Step) / ("one-of", [[Step]]) / ("procedure", id)
        self.shared = False
        self.links = []           # (reason, procedure) the page must link to
        self.family = None
        self.stage = None
        self.used_labels = []     # labels already quoted by this procedure's steps


class Generator:
    def __init__(self, procedures, regions, seed):
        self.n = procedures
        self.rng = random.Random("stepwise-corpus-%s-%d-%d" % (seed, procedures, regions))
        self.seed = seed
        self.regions = make_regions(regions, seed)
        self.states = []          # (id, title, values, value_titles)
        self.steps = {}           # id → Step
        self.step_file = {}       # step id → flow file
        self.procedures = []      # in order
        self.by_id = {}
        self.shared = {}          # shared procedure id → Procedure
        self.proc_file = {}
        self.families = []

    # -- ids ---------------------------------------------------------------------------------
    def new_step_id(self, base):
        sid = base
        n = 2
        while sid in self.steps:
            sid = "%s-%d" % (base, n)
            n += 1
        return sid

    def add_step(self, step, file):
        assert step.id not in self.steps, step.id
        self.steps[step.id] = step
        self.step_file[step.id] = file
        return step

    def add_procedure(self, proc, file):
        assert proc.id not in self.by_id, proc.id
        self.by_id[proc.id] = proc
        self.proc_file[proc.id] = file
        if proc.shared:
            self.shared[proc.id] = proc
        else:
            self.procedures.append(proc)
        return proc

    # -- generic steps -----------------------------------------------------------------------
    def labels(self, system, kind, exclude_login=True):
        out = []
        for sc in system["screens"]:
            if exclude_login and sc["id"] in ("login", "registration", "registration-password", "login-as", "access-rights"):
                continue
            for label in sc[kind]:
                if label not in out:
                    out.append(label)
        return out

    def generic_step(self, proc, system, file, kind=None, label=None, actor=None):
        rng = self.rng
        kinds = [k for k in ("section", "button", "field", "option") if self.labels(system, k)]
        if kind is None:
            kind = rng.choice(kinds + ["pair"] if self.labels(system, "field") and self.labels(system, "button") else kinds)
        used = proc.used_labels

        def pick(kind):
            labels = self.labels(system, kind)
            fresh = [label for label in labels if label not in used]
            choice = rng.choice(fresh or labels)
            used.append(choice)
            return choice

        if kind == "pair":
            f = pick("field")
            b = pick("button")
            title = "Заполните поле «%s» и нажмите «%s»" % (f, b)
            text = rng.choice(PAIR_PHRASES).format(F=f, B=b)
            base = "%s-%s" % (proc.id, slugify(f, 3))
        else:
            if label is None:
                label = pick(kind)
            else:
                used.append(label)
            title_t, texts = STEP_PHRASES[kind]
            title = title_t.format(L=label)
            text = rng.choice(texts).format(L=label)
            verb = {"section": "razdel", "button": "nazhmite", "field": "pole", "option": "vyberite"}[kind]
            base = "%s-%s-%s" % (proc.id, verb, slugify(label, 3))
        step = Step(self.new_step_id(base), title, actor or system["actor"], system["id"], text)
        self.enrich_step(step, system)
        return self.add_step(step, file)

    def enrich_step(self, step, system):
        rng = self.rng
        step.extras = rng.sample(STEP_EXTRAS, 2)
        fields = self.labels(system, "field")
        if fields and rng.random() < 0.6:
            chosen = rng.sample(fields, min(len(fields), rng.randint(2, 3)))
            step.sub = ["в поле «%s» %s" % (f, rng.choice(FIELD_NOTES)) for f in chosen]

    # -- the fixed part: sign-in and registration --------------------------------------------
    def build_base(self):
        g = SYSTEM_BY_ID["gosuslugi"]
        self.states.append(("esia-account", "Учётная запись на Госуслугах",
                            ["none", "simplified", "standard", "confirmed"],
                            ["нет", "упрощённая", "стандартная", "подтверждённая"]))
        any_account = ("esia-account", ["simplified", "standard", "confirmed"])
        f = "gosuslugi.yaml"
        s_cred = self.add_step(Step("gosuslugi-enter-credentials", "Введите логин и пароль от Госуслуг и нажмите «Войти»",
                                    "citizen", "gosuslugi", None, requires=[any_account]), f)
        s_as = self.add_step(Step("gosuslugi-choose-private-person", "Войдите как частное лицо — выберите «Частное лицо»",
                                  "citizen", "gosuslugi", None, requires=[any_account]), f)
        s_grant = self.add_step(Step("gosuslugi-grant-access", "Разрешите доступ к данным — нажмите «Предоставить»",
                                     "citizen", "gosuslugi", None, requires=[any_account]), f)
        sign_in = Procedure("sign-in-gosuslugi", "Вход через Госуслуги", None, "gosuslugi", "shared")
        sign_in.shared = True
        sign_in.requires = [any_account]
        sign_in.elements = [("step", s_cred), ("optional", s_as), ("optional", s_grant)]
        self.add_procedure(sign_in, f)

        # Registration.
        reg = Procedure("register-gosuslugi", "Регистрация и подтверждение учётной записи на Госуслугах",
                        "Три этапа: упрощённая, стандартная и подтверждённая учётная запись.", "gosuslugi", "register")
        reg.requires = [("esia-account", ["none"])]
        none = ("esia-account", ["none"])
        steps = [
            Step("gosuslugi-open-registration", "Откройте сайт gosuslugi.ru и нажмите «Зарегистрироваться»",
                 "citizen", "gosuslugi",
                 "Откройте в браузере сайт [gosuslugi.ru](https://www.gosuslugi.ru/) и нажмите «Зарегистрироваться».",
                 requires=[none]),
            Step("gosuslugi-fill-registration-form", "Заполните регистрационную форму и нажмите «Зарегистрироваться»",
                 "citizen", "gosuslugi",
                 "Укажите в регистрационной форме фамилию, имя, номер мобильного телефона или адрес электронной "
                 "почты и нажмите «Зарегистрироваться».", requires=[none]),
            Step("gosuslugi-confirm-contact", "Подтвердите телефон или почту и придумайте пароль",
                 "citizen", "gosuslugi",
                 "Подтвердите номер телефона кодом из СМС или откройте письмо и нажмите «Подтвердить почту». "
                 "Затем придумайте пароль и нажмите «Готово».",
                 requires=[none], effects=[("esia-account", "simplified")]),
            Step("gosuslugi-fill-profile", "Заполните профиль: СНИЛС и данные паспорта",
                 "citizen", "gosuslugi",
                 "В личном кабинете нажмите «Заполнить профиль», укажите СНИЛС и данные паспорта и нажмите «Сохранить».",
                 requires=[("esia-account", ["simplified"])], effects=[("esia-account", "standard")]),
            Step("gosuslugi-confirm-identity", "Подтвердите личность одним из способов",
                 "citizen", "gosuslugi",
                 "Подтвердите личность — так учётная запись станет подтверждённой. Выберите один из способов:",
                 requires=[("esia-account", ["standard"])]),
        ]
        steps[1].sub = ["поля «Фамилия» и «Имя» заполните буквами одного алфавита",
                        "в поле «Мобильный телефон» укажите номер в формате +7 (123) 456-78-90"]
        steps[3].extras = ["Данные проверяются в МВД России и Социальном фонде России; результат придёт на почту."]
        alts = [
            Step("gosuslugi-confirm-online-bank", "Подтвердите личность онлайн через интернет-банк",
                 "citizen", "gosuslugi", "**онлайн** — через интернет-банк, если вы клиент одного из банков-партнёров;"),
            Step("gosuslugi-confirm-service-centre", "Подтвердите личность в центре обслуживания",
                 "citizen", "gosuslugi", "**лично** — в центре обслуживания или МФЦ с паспортом и СНИЛС;"),
            Step("gosuslugi-confirm-by-post", "Подтвердите личность кодом, полученным Почтой России",
                 "citizen", "gosuslugi", "**почтой** — закажите код подтверждения личности Почтой России;"),
            Step("gosuslugi-confirm-signature", "Подтвердите личность электронной подписью",
                 "citizen", "gosuslugi", "**электронной подписью** — усиленной квалифицированной подписью."),
        ]
        for alt in alts:
            alt.requires = [("esia-account", ["standard"])]
            alt.effects = [("esia-account", "confirmed")]
        for s in steps + alts:
            self.add_step(s, f)
        reg.elements = [("step", s) for s in steps[:2]] + [("step", steps[2]), ("step", steps[3]), ("step", steps[4]),
                                                           ("one-of", [[a] for a in alts])]
        self.add_procedure(reg, f)
        self.register = reg

        # A shared sign-in per other system: open its login page, press its Gosuslugi button, sign in.
        for system in SYSTEMS[1:]:
            sf = "%s.yaml" % system["id"]
            login = next(sc for sc in system["screens"] if sc["id"] == "login")
            button = system["login_button"]
            assert button in login["button"], button
            if system.get("url"):
                open_text = "Откройте страницу входа «%s»: [{{%s}}]({{%s}})." % (system["name"], system["url"], system["url"])
            else:
                open_text = "Откройте сайт [dnevnik.ru](https://dnevnik.ru/) — страницу входа «%s»." % system["name"]
            s_open = self.add_step(Step("%s-open-login" % system["id"], "Откройте страницу входа «%s»" % system["name"],
                                        "citizen", system["id"], open_text), sf)
            s_press = self.add_step(Step("%s-sign-in-gosuslugi" % system["id"], "Нажмите «%s»" % button,
                                         "citizen", system["id"], "На странице входа нажмите «%s»." % button), sf)
            shared = Procedure("sign-in-%s" % system["id"], "Вход в «%s» через Госуслуги" % system["name"], None,
                               system["id"], "shared")
            shared.shared = True
            shared.requires = [any_account]
            shared.elements = [("step", s_open), ("step", s_press), ("procedure", "sign-in-gosuslugi")]
            self.add_procedure(shared, sf)
            self.states.append(("%s-access" % system["id"], "Доступ к системе «%s»" % system["name"],
                                ["none", "linked"], ["нет доступа", "доступ есть"]))
        self.access = {}

    def sign_in_of(self, system_id):
        return "sign-in-%s" % system_id

    def shared_len(self, system_id):
        return 3 if system_id == "gosuslugi" else 5

    # -- access procedures -------------------------------------------------------------------
    def build_access(self, system):
        sid = system["id"]
        f = "%s.yaml" % sid
        proc = Procedure("vhod-%s" % system["short"], "Первый вход и доступ к системе «%s»" % system["name"],
                         "Как впервые войти в «%s» через Госуслуги и получить доступ к своим данным." % system["name"],
                         sid, "access")
        state = "%s-access" % sid
        proc.requires = [("esia-account", ["confirmed"]), (state, ["none"])]
        proc.links = [("esia", self.register)]
        proc.elements = [("procedure", self.sign_in_of(sid))]
        for _ in range(self.rng.randint(1, 3)):
            proc.elements.append(("step", self.generic_step(proc, system, f, kind="section", actor="citizen")))
        buttons = [b for sc in system["screens"] for b in sc["button"]
                   if b in ("Привязать учётную запись", "Подтвердить", "Привязать Госуслуги", "Сохранить изменения")]
        label = buttons[0] if buttons else system["final"][0]
        final = Step(self.new_step_id("%s-podtverdite-dostup" % proc.id), "Нажмите «%s»" % label, "citizen", sid,
                     "Проверьте свои данные и нажмите «%s» — доступ к системе откроется." % label,
                     requires=[(state, ["none"])], effects=[(state, "linked")])
        self.enrich_step(final, system)
        proc.elements.append(("step", self.add_step(final, f)))
        self.add_procedure(proc, f)
        self.access[sid] = proc
        return proc

    # -- families ----------------------------------------------------------------------------
    def family_plan(self):
        """All (system, topic) families, interleaved across systems, seeded."""
        rng = self.rng
        per_system = {}
        for system in SYSTEMS:
            if system["id"] == "navigator-do":
                topics = [("app", t) for t in NAVIGATOR_TOPICS]
            elif system["kind"] == "application":
                topics = [("app", t) for t in APPLICATION_TOPICS]
            else:
                topics = [("act", label) for label in self.labels(system, "section")]
            rng.shuffle(topics)
            per_system[system["id"]] = topics
        order = []
        weights = {"gosuslugi": 3, "edu-portal": 2, "navigator-do": 1, "ejournal": 1, "moya-shkola": 1,
                   "ais-sgo": 1, "dnevnik-ru": 1}
        while any(per_system.values()):
            for system in SYSTEMS:
                for _ in range(weights[system["id"]]):
                    if per_system[system["id"]]:
                        order.append((system, per_system[system["id"]].pop(0)))
        return order

    # A second pass over the topics, for corpora larger than one pass makes (400 procedures and
    # more): the same services for the next school year, the same sections' archives.
    ROUNDS = [("", "", ""), ("-na-sled-god", " на следующий учебный год", ", архив прошлых лет")]

    def build_families(self, round_index=0):
        rng = self.rng
        slug_suffix, app_qualifier, act_qualifier = self.ROUNDS[round_index]
        for system, (kind, topic) in self.family_plan():
            if len(self.procedures) >= self.n:
                break
            sid = system["id"]
            if sid != "gosuslugi" and sid not in self.access:
                if len(self.procedures) + 2 > self.n:
                    continue
                self.build_access(system)
            room = self.n - len(self.procedures)
            if kind == "app":
                slug, short, about, for_ = topic
                stages = APPLICATION_STAGES
                length = rng.randint(2, 5)
                fam_slug = (slug if sid == "gosuslugi" else "%s-%s" % (slug, system["short"])) + slug_suffix
                fmt = {"about": about + app_qualifier, "for_": for_ + app_qualifier}
                fam_title = short + app_qualifier
            else:
                label = topic
                stages = ACTIVITY_STAGES
                length = rng.randint(2, 4)
                fam_slug = "%s-%s" % (slugify(label, 3), system["short"]) + slug_suffix
                fmt = {"topic": label, "sysname": system["name"] + act_qualifier}
                fam_title = "раздел «%s»%s" % (label, act_qualifier)
            length = min(length, room)
            state = "%s-status" % fam_slug
            if any(st[0] == state for st in self.states):
                continue
            values = ["none"] + [st[2] for st in stages[:length]]
            titles = ["не начато"] + [st[3] for st in stages[:length]]
            self.states.append((state, "Ход процедуры: %s (%s)" % (fam_title, system["name"]), values, titles))
            # An earlier complete family on the same or an all-regions system, sometimes needed first.
            earlier = [fam for fam in self.families
                       if fam["complete"] and (fam["system"] == sid or SYSTEM_BY_ID[fam["system"]]["scope"] == "all-regions")]
            cross = rng.choice(earlier) if earlier and rng.random() < 0.3 else None
            family = {"system": sid, "state": state, "procs": [], "complete": True, "values": values}
            previous = None
            for k in range(length):
                prefix, title_t, value, _ = stages[k]
                pid = "%s-%s" % (prefix, fam_slug)
                title = title_t.format(**fmt)
                if sid != "gosuslugi" and kind == "app":
                    title += " в системе «%s»" % system["name"]
                elif kind == "app":
                    title += " через Госуслуги"
                title = title[0].upper() + title[1:]
                summary = self.summary_for(kind, k, system, fmt)
                proc = self.build_stage(system, pid, title, summary, state, values[k], value,
                                        previous, cross if k == 0 else None, kind)
                proc.family = family
                proc.stage = k
                family["procs"].append(proc)
                previous = proc
            self.families.append(family)

    def summary_for(self, kind, k, system, fmt):
        if kind == "app":
            texts = [
                "Как подать заявление {about} и не ошибиться в данных.",
                "Как узнать, на каком этапе рассмотрения заявление {about}.",
                "Какие документы нужны {for_} и как их передать.",
                "Где посмотреть решение по заявлению {about} и что делать дальше.",
                "Как исправить или отозвать заявление {about}.",
            ]
            return texts[k].format(**fmt)
        texts = [
            "Как настроить раздел «{topic}» перед началом работы.",
            "Как каждый день работать с разделом «{topic}».",
            "Как получить отчёт по разделу «{topic}».",
            "Как передать сведения из раздела «{topic}» в образовательную организацию.",
        ]
        return texts[k].format(**fmt)

    def build_stage(self, system, pid, title, summary, state, before, after, previous, cross, kind):
        rng = self.rng
        sid = system["id"]
        f = "%s.yaml" % sid
        proc = Procedure(pid, title, summary, sid, kind)
        proc.requires = [("esia-account", ["confirmed"])]
        proc.links = [("esia", self.register)]
        first_requires = []
        if sid != "gosuslugi":
            proc.requires.append(("%s-access" % sid, ["linked"]))
            proc.links.append(("access", self.access[sid]))
            first_requires.append(("%s-access" % sid, ["linked"]))
        proc.requires.append((state, [before]))
        if previous:
            proc.links.append(("previous", previous))
        if cross:
            last = cross["procs"][-1]
            proc.requires.append((cross["state"], [cross["values"][-1]]))
            proc.links.append(("cross", last))
            first_requires.append((cross["state"], [cross["values"][-1]]))
        proc.elements = [("procedure", self.sign_in_of(sid))]
        shared = self.shared_len(sid)
        total = rng.randint(max(5, shared + 2), 15)
        own = total - shared  # own steps, including the final one and alternatives
        has_one_of = own >= 4 and rng.random() < 0.55
        has_optional = own >= 3 and rng.random() < 0.6
        plain = own - 1 - (0 if not has_one_of else 2) - (1 if has_optional else 0)
        if has_one_of and plain >= 1 and rng.random() < 0.5:
            alt_sizes = [1, 1, 1] if rng.random() < 0.5 else [1, 2]
        else:
            alt_sizes = [1, 1]
        if has_one_of:
            plain -= sum(alt_sizes) - 2
        plain = max(plain, 1)
        body = []
        for i in range(plain):
            step = self.generic_step(proc, system, f)
            body.append(("step", step))
        if has_optional:
            step = self.generic_step(proc, system, f, kind=rng.choice(["field", "option"]) if self.labels(system, "option") else "field")
            body.insert(rng.randint(1, len(body)), ("optional", step))
        if has_one_of:
            options = [o for o in self.labels(system, "option") if o not in proc.used_labels]
            if len(options) < 2:
                options = self.labels(system, "option")
            chosen = rng.sample(options, min(len(options), len(alt_sizes)))
            alternatives = []
            for i, size in enumerate(alt_sizes[:len(chosen)]):
                alt = [self.generic_step(proc, system, f, kind="option", label=chosen[i])]
                if size == 2:
                    alt.append(self.generic_step(proc, system, f, kind="field" if self.labels(system, "field") else "button"))
                alternatives.append(alt)
            if len(alternatives) >= 2:
                body.insert(rng.randint(1, len(body)), ("one-of", alternatives))
            else:
                body.extend(("step", s) for s in alternatives[0])
        first = next(item for item in body if item[0] == "step")[1]
        first.requires = list(first_requires)
        label = rng.choice(system["final"])
        final = Step(self.new_step_id("%s-zavershite" % pid), "Нажмите «%s»" % label, system["actor"], sid,
                     rng.choice(["Проверьте всё ещё раз и нажмите «%s».", "В завершение нажмите «%s».",
                                 "Нажмите «%s» — система сохранит результат."]) % label,
                     requires=[(state, [before])], effects=[(state, after)])
        self.enrich_step(final, system)
        body.append(("step", self.add_step(final, f)))
        proc.elements += body
        return self.add_procedure(proc, f)

    def generate(self):
        self.build_base()
        for round_index in range(len(self.ROUNDS)):
            if len(self.procedures) < self.n:
                self.build_families(round_index)
        if len(self.procedures) < self.n:
            raise SystemExit("could only make %d procedures (the topic lists run out; ask for fewer)" % len(self.procedures))
        self.plan()

    # -- where pages are built ---------------------------------------------------------------
    def systems_of(self, proc):
        out = [proc.system]
        for kind, item in proc.elements:
            if kind == "procedure":
                out += self.systems_of(self.by_id[item])
            elif kind == "one-of":
                out += [s.system for alt in item for s in alt]
            else:
                out.append(item.system)
        return out

    def plan(self):
        self.built = {}
        for proc in self.procedures:
            regional = sorted({s for s in self.systems_of(proc) if SYSTEM_BY_ID[s]["scope"] == "regional"})
            self.built[proc.id] = [r for r in self.regions if all(s in r["systems"] for s in regional)]
        for proc in self.procedures:
            here = {r["code"] for r in self.built[proc.id]}
            for _, target in proc.links:
                there = {r["code"] for r in self.built[target.id]}
                assert here <= there, (proc.id, target.id)

    def can_link(self, source, target):
        here = {r["code"] for r in self.built[source.id]}
        return here <= {r["code"] for r in self.built[target.id]}

    # ---------------------------------------------------------------------------------------
    # Writing the flows.

    def write_site(self, out):
        content = os.path.join(out, "content")
        files = {}
        files["site.yaml"] = "\n".join([
            "# Synthetic benchmark corpus written by scripts/generate-corpus.py (%d procedures, %d regions)."
            % (self.n, len(self.regions)),
            "title: Электронные услуги в образовании — пошаговые инструкции",
            "description: Как подать заявление, войти в школьные системы и получить результат услуги в вашем регионе.",
            "base-url: https://instrukcii.bench.example/",
            "language: ru",
            "contacts:",
            "  - title: Служба поддержки Госуслуг",
            "    phone: 8 800 100-70-10",
            "  - title: Обратная связь Госуслуг",
            "    url: https://www.gosuslugi.ru/feedback",
            "",
        ])
        lines = ["variables:"]
        for vid, vtype, vtitle in VARIABLES:
            lines += ["  %s:" % vid, "    type: %s" % vtype, "    title: %s" % yq(vtitle)]
        lines += ["", "regions:"]
        for r in self.regions:
            lines += ["  - code: %s" % r["code"], "    name: %s" % yq(r["name"]), "    slug: %s" % r["slug"],
                      "    systems: %s" % yflow(r["systems"]), "    variables:"]
            lines += ["      %s: %s" % (k, yq(v)) for k, v in r["variables"]]
            lines.append("")
        files["regions.yaml"] = "\n".join(lines)
        files["flows/states.yaml"] = self.states_yaml()
        files["flows/systems.yaml"] = self.systems_yaml()
        by_file = {}
        for sid, file in self.step_file.items():
            by_file.setdefault(file, {"steps": [], "procedures": []})["steps"].append(self.steps[sid])
        for pid, file in self.proc_file.items():
            by_file.setdefault(file, {"steps": [], "procedures": []})["procedures"].append(self.by_id[pid])
        for file in sorted(by_file):
            files["flows/" + file] = self.flow_yaml(by_file[file])
        for proc in self.procedures:
            files["pages/%s.md" % proc.id] = self.page(proc)
        for name, text in files.items():
            check_no_mixing(text, name)
        reset(content)
        for name in sorted(files):
            path = os.path.join(content, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(files[name])
        os.makedirs(os.path.join(content, "assets"), exist_ok=True)
        return files

    def states_yaml(self):
        lines = ["# States of the reader's situation.", "", "states:"]
        for sid, title, values, titles in self.states:
            lines += ["  - id: %s" % sid, "    title: %s" % yq(title), "    values: %s" % yflow(values),
                      "    value-titles: %s" % yflow(titles), "    initial: none", ""]
        lines += ["actors:"]
        for aid, title in [("citizen", "Пользователь Госуслуг"), ("parent", "Родитель или законный представитель"),
                           ("pupil", "Обучающийся"), ("teacher", "Педагог или сотрудник школы")]:
            lines += ["  - id: %s" % aid, "    title: %s" % yq(title)]
        return "\n".join(lines) + "\n"

    def systems_yaml(self):
        lines = ["# Systems and the labels on their screens.", "", "systems:"]
        for s in SYSTEMS:
            lines += ["  - id: %s" % s["id"], "    name: %s" % yq(s["name"]), "    other-names: %s" % yflow(s["other"]),
                      "    scope: %s" % s["scope"], "    screens:"]
            for sc in s["screens"]:
                labels = []
                for kind in ("section", "field", "option", "button"):
                    for label in sc[kind]:
                        if label not in labels:
                            labels.append(label)
                lines += ["      - id: %s" % sc["id"], "        title: %s" % yq(sc["title"]),
                          "        labels: %s" % yflow(labels)]
            lines.append("")
        return "\n".join(lines)

    @staticmethod
    def conditions_yaml(conditions, indent):
        lines = []
        for state, values in conditions:
            lines.append("%s%s: %s" % (indent, state, values[0] if len(values) == 1 else yflow(values)))
        return lines

    def flow_yaml(self, part):
        lines = ["# Steps and procedures (generated).", ""]
        if part["steps"]:
            lines.append("steps:")
            for s in part["steps"]:
                lines += ["  - id: %s" % s.id, "    title: %s" % yq(s.title), "    actor: %s" % s.actor,
                          "    system: %s" % s.system]
                if s.requires:
                    lines += ["    requires:"] + self.conditions_yaml(s.requires, "      ")
                if s.effects:
                    lines += ["    effects:"] + ["      %s: %s" % (k, v) for k, v in s.effects]
                lines.append("")
        if part["procedures"]:
            lines.append("procedures:")
            for p in part["procedures"]:
                lines += ["  - id: %s" % p.id, "    title: %s" % yq(p.title)]
                if p.summary:
                    lines.append("    summary: %s" % yq(p.summary))
                if p.shared:
                    lines.append("    shared: true")
                if p.requires:
                    lines += ["    requires:"] + self.conditions_yaml(p.requires, "      ")
                lines.append("    steps:")
                for kind, item in p.elements:
                    if kind == "step":
                        lines.append("      - %s" % item.id)
                    elif kind == "optional":
                        lines.append("      - optional: %s" % item.id)
                    elif kind == "procedure":
                        lines.append("      - procedure: %s" % item)
                    else:
                        lines.append("      - one-of:")
                        for alt in item:
                            if len(alt) == 1:
                                lines.append("          - %s" % alt[0].id)
                            else:
                                lines.append("          - [%s]" % ", ".join(s.id for s in alt))
                lines.append("")
        return "\n".join(lines)

    # ---------------------------------------------------------------------------------------
    # Pages.

    def page(self, proc):
        rng = random.Random("%s-page-%s" % (self.seed, proc.id))
        target = rng.randint(2600, 5600)
        parts = PageParts(self, proc, rng)
        text = parts.render()
        for enhancement in parts.enhancements():
            candidate = parts.render(extra=enhancement)
            size = len(candidate.encode("utf-8"))
            if size <= MAX_PAGE_BYTES:
                parts.enable(enhancement)
                text = candidate
            if size >= target:
                break
        size = len(text.encode("utf-8"))
        if not MIN_PAGE_BYTES <= size <= 6144:
            raise SystemExit("page %s is %d bytes" % (proc.id, size))
        proc.written = parts.written
        return text

    # ---------------------------------------------------------------------------------------
    # Hugo.

    def write_hugo(self, out, pages, minimal=False):
        reset(out)
        w = lambda name, text: write_file(os.path.join(out, name), text)
        w("config.toml", "\n".join([
            'baseURL = "https://hugo.example/"',
            'languageCode = "ru"',
            'defaultContentLanguage = "ru"',
            'title = "Электронные услуги в образовании — пошаговые инструкции"',
            'disableKinds = ["taxonomy", "term", "RSS"]',
            "enableRobotsTXT = false",
            "",
            "[markup.goldmark.renderer]",
            "  unsafe = false",
            "",
            "[params]",
            '  description = "Как подать заявление, войти в школьные системы и получить результат услуги в вашем регионе."',
            "",
            "[[params.contacts]]",
            '  title = "Служба поддержки Госуслуг"',
            '  phone = "8 800 100-70-10"',
            "[[params.contacts]]",
            '  title = "Обратная связь Госуслуг"',
            '  url = "https://www.gosuslugi.ru/feedback"',
            "",
        ]))
        w("layouts/_default/baseof.html", HUGO_BASEOF)
        w("layouts/_default/single.html", HUGO_SINGLE_MINIMAL if minimal else HUGO_SINGLE)
        w("layouts/_default/list.html", HUGO_LIST)
        w("layouts/404.html", HUGO_404)
        w("static/style.css", "body{font-family:sans-serif;max-width:50rem;margin:auto;padding:1rem}\n")
        w("content/_index.md", "---\ntitle: Выберите регион\n---\n")
        marker = re.compile(r"^(\s*(?:\d+\.|-) )\{#[a-z0-9-]+\} ", re.M)
        link = re.compile(r"\]\(([a-z0-9-]+)\.md(#[a-z0-9-]+)?\)")
        for r in self.regions:
            values = dict(r["variables"])
            values["region.name"] = r["name"]
            values["region.code"] = r["code"]
            w("content/%s/_index.md" % r["slug"], "---\ntitle: %s\n---\n" % yq(r["name"]))
            for proc in self.procedures:
                if r not in self.built[proc.id]:
                    continue
                text = pages["pages/%s.md" % proc.id]
                head, body = text.split("\n---\n", 1)
                body = marker.sub(r"\1", body)
                body = link.sub(lambda m: "](../%s/%s)" % (m.group(1), m.group(2) or ""), body)
                body = re.sub(r"\{\{([a-z.-]+)\}\}", lambda m: values[m.group(1)], body)
                front = "---\ntitle: %s\nsummary: %s\n---\n" % (yq(proc.title), yq(proc.summary))
                w("content/%s/%s.md" % (r["slug"], proc.id), front + body)


def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def reset(folder):
    """Empties a folder this script wrote before; refuses to touch anything else."""
    if os.path.exists(folder) and os.listdir(folder):
        if not os.path.exists(os.path.join(folder, MARKER)):
            raise SystemExit("%s exists and was not written by this script; remove it or choose another" % folder)
        shutil.rmtree(folder)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, MARKER), "w") as fh:
        fh.write("written by scripts/generate-corpus.py; safe to delete\n")


class PageParts:
    """One page as parts that can be enriched until it reaches its target size."""

    def __init__(self, gen, proc, rng):
        self.gen = gen
        self.proc = proc
        self.rng = rng
        self.enabled = set()
        self.system = SYSTEM_BY_ID[proc.system]
        # Which optional steps and alternatives this page writes.
        self.layout = []
        for kind, item in proc.elements:
            self.layout += self.expand(kind, item)
        # The registration page holds the alternatives inside the step «Подтвердите личность».
        if proc.kind == "register":
            nested = []
            for kind, item in self.layout:
                if kind == "alts" and nested and nested[-1][0] == "step":
                    nested[-1] = ("nested", [nested[-1][1]] + item)
                else:
                    nested.append((kind, item))
            self.layout = nested
        self.written = [s.id for kind, item in self.layout for s in (item if kind != "step" else [item])]
        self.callouts = rng.sample(CALLOUTS, 3)
        self.faq = rng.sample(FAQ, 3)
        self.trouble = rng.sample(TROUBLE, 2)
        self.docs = rng.sample(DOCS, rng.randint(3, 5))
        self.review = rng.choice(REVIEW_DATES)
        self.valid_until = rng.random() < 0.2
        related = [p for p in gen.procedures if p is not proc and gen.can_link(proc, p)
                   and p.id not in [t.id for _, t in proc.links]]
        self.related = rng.sample(related, min(3, len(related)))

    def expand(self, kind, item):
        gen = self.gen
        if kind == "procedure":
            out = []
            for k2, i2 in gen.shared[item].elements:
                out += self.expand(k2, i2)
            return out
        if kind == "step":
            return [("step", item)]
        if kind == "optional":
            return [("step", item)] if self.rng.random() < 0.7 else []
        # one-of: write at least one alternative, in declared order
        keep = [alt for alt in item if self.rng.random() < 0.75] or [item[0]]
        return [("alts", [s for alt in keep for s in alt])]

    def enhancements(self):
        out = []
        for index, (kind, item) in enumerate(self.layout):
            steps = item if kind != "step" else [item]
            for s in steps:
                if s.extras:
                    out.append(("extra1", s.id))
                if s.sub:
                    out.append(("sub", s.id))
                if len(s.extras) > 1:
                    out.append(("extra2", s.id))
        out += [("intro2", None), ("callout1", None), ("callout2", None), ("docs", None), ("faq", None),
                ("trouble", None), ("related", None), ("callout3", None)]
        self.rng.shuffle(out)
        # The sections readers expect come first, so that short pages still have them.
        first = [("docs", None), ("related", None)]
        return first + [e for e in out if e not in first]

    def enable(self, enhancement):
        self.enabled.add(enhancement)

    def on(self, name, key=None, extra=None):
        return (name, key) in self.enabled or extra == (name, key)

    # -- rendering ---------------------------------------------------------------------------
    def render(self, extra=None):
        proc = self.proc
        gen = self.gen
        system = self.system
        rng = random.Random("%s-render-%s" % (gen.seed, proc.id))  # same choices on every render
        out = ["---", "title: %s" % yq(proc.title), "procedure: %s" % proc.id]
        if proc.summary:
            out.append("summary: %s" % yq(proc.summary))
        out.append("review-by: %s" % self.review)
        if self.valid_until:
            out.append("valid-until: 2036-12-31")
        out += ["---", ""]
        out.append(wrap(self.intro(rng)))
        out.append("")
        if self.on("intro2", None, extra):
            out.append(wrap("Инструкция подготовлена для жителей региона {{region.name}}. Адреса, телефоны и часы "
                            "работы на этой странице относятся к вашему региону: {{ministry-name}} обновляет их при "
                            "каждом изменении."))
            out.append("")
        before = self.before_text()
        if before:
            out.append(wrap(before))
            out.append("")
        if self.on("callout1", None, extra):
            out += self.callout(self.callouts[0])
        out.append("## Порядок действий {#poryadok-dejstvij}")
        out.append("")
        number = 0
        for kind, item in self.layout:
            number += 1
            prefix = "%d. " % number
            indent = " " * len(prefix)
            if kind == "step":
                out.append(self.step_item(item, prefix, indent, extra, rng))
            else:
                if kind == "nested":
                    out.append(self.step_item(item[0], prefix, indent, extra, rng))
                    alts = item[1:]
                else:
                    out.append(wrap(rng.choice(["Выберите подходящий вариант:", "Выберите один из вариантов:",
                                                "Дальше действуйте одним из способов:"]), indent, prefix))
                    alts = item
                for s in alts:
                    out.append(self.step_item(s, indent + "- ", indent + "  ", extra, rng))
        out.append("")
        if self.on("callout2", None, extra):
            out += self.callout(self.callouts[1])
        if self.on("docs", None, extra):
            out += ["## Что понадобится {#chto-ponadobitsya}", "", "| Документ | Где взять |", "| --- | --- |"]
            out += ["| %s | %s |" % d for d in self.docs]
            out.append("")
        if self.on("trouble", None, extra):
            out += ["## Если что-то пошло не так {#esli-ne-poluchilos}", ""]
            first = next((s for s in self.written if s in gen.steps), None)
            where = self.number_of(first)
            out.append(wrap("%s Если ошибка повторяется, вернитесь к [шагу %d](#%s) и пройдите инструкцию заново."
                            % (" ".join(self.trouble), where, first)))
            out.append("")
        if self.on("faq", None, extra):
            out += ["## Частые вопросы {#voprosy}", ""]
            for q, a in self.faq:
                out += ["**%s**" % q, "", wrap(a), ""]
        if self.on("related", None, extra) and self.related:
            out += ["## Смотрите также {#smotrite-takzhe}", ""]
            for p in self.related:
                anchor = ""
                written = getattr(p, "written", None)
                if written and rng.random() < 0.4:
                    anchor = "#" + written[-1]
                elif rng.random() < 0.3:
                    anchor = "#poryadok-dejstvij"
                out.append(wrap("- [%s](%s.md%s)" % (p.title, p.id, anchor), "  "))
            out.append("")
        if self.on("callout3", None, extra):
            out += self.callout(self.callouts[2])
        out += ["## Куда обращаться {#kuda-obrashchatsya}", "",
                "| Вопрос | Куда обращаться |", "| --- | --- |",
                "| Работа портала и вход | {{hotline-phone}}, {{support-hours}} |",
                "| Решение по обращению | {{ministry-name}}, {{ministry-phone}} |",
                "| Письменное обращение | [{{ministry-email}}](mailto:{{ministry-email}}) |", ""]
        return "\n".join(out)

    def number_of(self, step_id):
        for index, (kind, item) in enumerate(self.layout):
            steps = item if kind != "step" else [item]
            if any(s.id == step_id for s in steps):
                return index + 1
        return 1

    def callout(self, c):
        kind, title, text = c
        head = "> [!%s]" % kind + (" " + title if title else "")
        return [head, wrap(text, "> ", "> "), ""]

    def intro(self, rng):
        proc = self.proc
        system = self.system
        if proc.kind == "register":
            return ("Для входа в школьные электронные сервисы нужна учётная запись на Госуслугах. Регистрация "
                    "проходит в три этапа: сначала создаётся упрощённая учётная запись, затем стандартная, а после "
                    "подтверждения личности — подтверждённая, с полным доступом ко всем услугам.")
        if proc.kind == "access":
            return ("Чтобы пользоваться системой «%s», войдите в неё через Госуслуги. При первом входе система "
                    "свяжет вашу учётную запись Госуслуг с данными образовательной организации; после этого "
                    "повторно подтверждать доступ не нужно." % system["name"])
        lower = proc.title[0].lower() + proc.title[1:]
        summary = proc.summary[0].lower() + proc.summary[1:]
        templates = [
            "На этой странице по шагам описано, %s Все шаги выполняются %s, на это уходит не больше "
            "пятнадцати минут." % (summary, system["loc"]),
            "Эта инструкция — %s. Она написана для родителей, обучающихся и сотрудников школ; "
            "все действия выполняются %s." % (lower, system["loc"]),
            "%s Ниже перечислены все шаги по порядку, с названиями кнопок и разделов так, как они выглядят %s."
            % (proc.summary, system["loc"]),
        ]
        return rng.choice(templates)

    def before_text(self):
        parts = []
        for reason, target in self.proc.links:
            if reason == "esia":
                anchor = "#gosuslugi-confirm-identity" if self.rng.random() < 0.3 else ""
                parts.append("Прежде чем начать, убедитесь, что у вас есть подтверждённая учётная запись на "
                             "Госуслугах. Если её нет, воспользуйтесь инструкцией [%s](%s.md%s)."
                             % (target.title, target.id, anchor))
            elif reason == "access":
                parts.append("Нужен и доступ к системе «%s»: как его получить, описано в инструкции [%s](%s.md)."
                             % (SYSTEM_BY_ID[target.system]["name"], target.title, target.id))
            elif reason == "previous":
                parts.append("Эта инструкция продолжает инструкцию [%s](%s.md): выполните её шаги, прежде чем "
                             "переходить к шагам ниже." % (target.title, target.id))
            elif reason == "cross":
                parts.append("Кроме того, понадобится результат инструкции [%s](%s.md)." % (target.title, target.id))
        return " ".join(parts)

    def step_item(self, step, prefix, indent, extra, rng):
        text = step.text
        if text is None:
            text = self.shared_text(step, rng)
        sentences = ["{#%s} %s" % (step.id, text)]
        if step.extras and self.on("extra1", step.id, extra):
            sentences.append(step.extras[0])
        if len(step.extras) > 1 and self.on("extra2", step.id, extra):
            sentences.append(step.extras[1])
        lines = [wrap(" ".join(sentences), indent, prefix)]
        if step.sub and self.on("sub", step.id, extra):
            for i, sub in enumerate(step.sub):
                end = "." if i == len(step.sub) - 1 else ";"
                lines.append(wrap("- %s%s" % (sub, end), indent + "  ", indent))
        return "\n".join(lines)

    def shared_text(self, step, rng):
        if step.id == "gosuslugi-enter-credentials":
            return rng.choice([
                "Введите логин (телефон, почту или СНИЛС) и пароль от Госуслуг и нажмите «Войти».",
                "В окне входа Госуслуг укажите логин и пароль и нажмите «Войти».",
            ])
        if step.id == "gosuslugi-choose-private-person":
            return rng.choice([
                "Если система спросит, как войти, в окне «Войти как» выберите «Частное лицо».",
                "Войдите как частное лицо: выберите «Частное лицо».",
            ])
        if step.id == "gosuslugi-grant-access":
            return rng.choice([
                "При первом входе откроется окно «Предоставление прав доступа». Нажмите «Предоставить».",
                "Разрешите системе доступ к данным профиля — нажмите «Предоставить».",
            ])
        raise AssertionError(step.id)


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} — {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify }}{{ else }}{{ .Site.Params.description }}{{ end }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>{{ with .CurrentSection }}{{ if not .IsHome }} · Регион: <strong>{{ .Title }}</strong>{{ end }}{{ end }}</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer>
<h2>Куда обращаться</h2>
<ul>
{{ range .Site.Params.contacts }}<li>{{ .title }}: {{ with .phone }}<a href="tel:{{ . }}">{{ . }}</a>{{ end }}{{ with .url }}<a href="{{ . }}">{{ . }}</a>{{ end }}</li>
{{ end }}</ul>
</footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<nav><a href="{{ "/" | relURL }}">Все регионы</a> › <a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></nav>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<div class="content">
{{ .Content }}
</div>
<nav class="other-regions">
<h2>Эта инструкция для других регионов</h2>
<ul>
{{ $name := .File.ContentBaseName }}{{ $here := .CurrentSection }}{{ range .Site.Sections }}{{ if ne . $here }}{{ with $.Site.GetPage (printf "/%s/%s" .Section $name) }}<li><a href="{{ .RelPermalink }}">{{ .CurrentSection.Title }}</a></li>
{{ end }}{{ end }}{{ end }}</ul>
</nav>
{{ end }}
"""

# Without the list of the page's copies in other regions (Stepwise always renders that list).
HUGO_SINGLE_MINIMAL = re.sub(r'<nav class="other-regions">.*?</nav>\n', "", HUGO_SINGLE, flags=re.S)

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
"""

HUGO_404 = """{{ define "main" }}
<h1>Страница не найдена</h1>
<p><a href="{{ "/" | relURL }}">На главную</a></p>
{{ end }}
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic Stepwise site (and optionally an equivalent Hugo site).")
    parser.add_argument("--procedures", type=int, required=True, help="number of procedures (= pages)")
    parser.add_argument("--regions", type=int, required=True, help="number of regions (85 real subjects, more are synthetic)")
    parser.add_argument("--out", required=True, help="site folder to write (content/ is created inside)")
    parser.add_argument("--hugo", help="also write the equivalent Hugo site into this folder")
    parser.add_argument("--hugo-minimal", action="store_true",
                        help="leave out the Hugo pages' list of the same page in other regions (Stepwise renders one)")
    parser.add_argument("--seed", default="1", help="seed (default 1); the same arguments give the same files")
    args = parser.parse_args(argv)
    if args.procedures < 1 or args.regions < 1:
        parser.error("--procedures and --regions must be at least 1")
    return args


def main(argv):
    args = parse_args(argv)
    gen = Generator(args.procedures, args.regions, args.seed)
    gen.generate()
    files = gen.write_site(args.out)
    built = sum(len(v) for v in gen.built.values())
    summary = "wrote %s: %d procedures (%d steps, %d states), %d regions, %d region pages" % (
        args.out, len(gen.procedures), len(gen.steps), len(gen.states), len(gen.regions), built)
    if args.hugo:
        gen.write_hugo(args.hugo, files, minimal=args.hugo_minimal)
        summary += "; Hugo site in %s" % args.hugo
    print(summary)


if __name__ == "__main__":
    main(sys.argv[1:])
