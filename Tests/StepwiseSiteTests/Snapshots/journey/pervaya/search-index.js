self.stepwiseSearchIndex={"version":2,"pages":[
["teacher-journal/index.html","Педагог входит в журнал."],
["link-child-account/index.html","Если ребёнок создал учётную запись сам."],
["register/index.html","Подтверждённая учётная запись на Госуслугах за один визит."],
["register-regional/index.html","Та же учётная запись через портал региона."],
["consent/index.html","Родитель даёт согласие, и ребёнок входит в школьные системы."],
["create-child-account/index.html","Родитель создаёт учётную запись ребёнка."]
]};
