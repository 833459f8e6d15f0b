self.stepwiseSearchIndex={"version":2,"pages":[
["login/index.html",""],
["register/index.html",""]
]};
